using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>Checks <see cref="ApixoWebhookOptions"/> at start-up, with a message that says what to fix (and never a key).</summary>
internal sealed class ApixoWebhookOptionsValidator : IValidateOptions<ApixoWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, ApixoWebhookOptions options)
    {
        var failures = new List<string>();
        var minimum = ApixoCallbackSignature.MinimumKeyLength;
        if (options.SigningKey is { } key && key.Length < minimum)
        {
            failures.Add($"ApixoWebhookOptions.SigningKey must have at least {minimum} characters.");
        }

        if (options.PreviousSigningKey is { } previous && (previous.Length < minimum || string.IsNullOrEmpty(options.SigningKey)))
        {
            failures.Add($"ApixoWebhookOptions.PreviousSigningKey must have at least {minimum} characters, and needs a SigningKey beside it.");
        }

        if (options.MaxBodyBytes <= 0 || options.MaxRememberedTasks <= 0 || options.QueueCapacity <= 0 || options.MaxPendingPerSource <= 0
            || options.ConfirmationAttempts <= 0 || options.MaxConcurrentHandlers <= 0)
        {
            failures.Add("ApixoWebhookOptions: MaxBodyBytes, MaxRememberedTasks, QueueCapacity, MaxPendingPerSource, ConfirmationAttempts and MaxConcurrentHandlers must be positive.");
        }

        if (options.ConfirmationInterval < TimeSpan.Zero || options.DeduplicationWindow <= TimeSpan.Zero || options.SignatureMaxAge <= TimeSpan.Zero)
        {
            failures.Add("ApixoWebhookOptions: DeduplicationWindow and SignatureMaxAge must be positive, ConfirmationInterval not negative.");
        }

        // APIXO's own retries of one callback span at least this long (the contract's x-apixo-callback-delivery): a task
        // forgotten sooner is handled again when a retry arrives, and a signature that expires sooner refuses a genuine one.
        var retrySpan = GptImage2CallbackDelivery.ShortestRetrySpan;
        if (options.DeduplicationWindow > TimeSpan.Zero && options.DeduplicationWindow < retrySpan)
        {
            failures.Add($"ApixoWebhookOptions: DeduplicationWindow must be at least {retrySpan.TotalSeconds:0} s, the least time over which APIXO retries one callback ({GptImage2CallbackDelivery.MaxRetries} retries, the first after {GptImage2CallbackDelivery.FirstRetryAfter.TotalSeconds:0} s, growing).");
        }

        if (options.SigningKey is not null && options.SignatureMaxAge > TimeSpan.Zero && options.SignatureMaxAge < retrySpan)
        {
            failures.Add($"ApixoWebhookOptions: SignatureMaxAge must be at least {retrySpan.TotalSeconds:0} s, the least time over which APIXO retries one callback, plus the task's own run.");
        }

        // A signed callback replayed after its task id was forgotten would be handled a second time.
        if (options.SigningKey is not null && options.DeduplicationWindow < options.SignatureMaxAge)
        {
            failures.Add("ApixoWebhookOptions: DeduplicationWindow must not be shorter than SignatureMaxAge, or a signed callback replayed after the window would be handled again.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
