using System.Net;
using Microsoft.Extensions.Options;

namespace Apixo.Generated;

/// <summary>Checks <see cref="ApixoClientOptions"/> at start-up, with a message that says what to fix.</summary>
public sealed class ApixoClientOptionsValidator : IValidateOptions<ApixoClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ApixoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"Apixo:ApiKey is missing: set it, or the {ApixoClientOptions.ApiKeyEnvironmentVariable} environment variable.");
        }

        var address = options.BaseAddress;
        if (address is null || !address.IsAbsoluteUri)
        {
            failures.Add($"Apixo:BaseAddress must be an absolute URL, such as {GptImage2Service.ServerUrl}.");
        }
        else if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && IsLoopback(address)))
        {
            failures.Add($"Apixo:BaseAddress must use https (http is allowed only on a loopback host); it is {ApixoClientOptions.Display(address)}.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Apixo:MaxRetries must be between 0 and 10.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout <= TimeSpan.Zero || options.MaxRetryDelay <= TimeSpan.Zero || options.Deadline <= TimeSpan.Zero
            || options.RetryBaseDelay < TimeSpan.Zero || options.DeadlineMargin < TimeSpan.Zero)
        {
            failures.Add("Apixo:AttemptTimeout, Apixo:TotalTimeout, Apixo:MaxRetryDelay and Apixo:Deadline must be positive; Apixo:RetryBaseDelay and Apixo:DeadlineMargin must not be negative.");
        }

        if (options.MaxResponseBytes < 1024)
        {
            failures.Add("Apixo:MaxResponseBytes must be at least 1024.");
        }

        if (options.CallbackSigningKey is { } signingKey && signingKey.Length < ApixoCallbackSignature.MinimumKeyLength)
        {
            failures.Add($"Apixo:CallbackSigningKey must have at least {ApixoCallbackSignature.MinimumKeyLength} characters (a random secret, such as the output of `openssl rand -base64 32`).");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add("Apixo:TotalTimeout must not be shorter than Apixo:AttemptTimeout.");
        }

        // A longer wait between attempts could never end in an attempt: the total timeout would cut it first.
        if (options.MaxRetryDelay > options.TotalTimeout)
        {
            failures.Add("Apixo:MaxRetryDelay must not be longer than Apixo:TotalTimeout.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
