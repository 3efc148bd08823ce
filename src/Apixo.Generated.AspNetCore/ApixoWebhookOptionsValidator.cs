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

        // A signed callback replayed after its task id was forgotten would be handled a second time.
        if (options.SigningKey is not null && options.DeduplicationWindow < options.SignatureMaxAge)
        {
            failures.Add("ApixoWebhookOptions: DeduplicationWindow must not be shorter than SignatureMaxAge, or a signed callback replayed after the window would be handled again.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
