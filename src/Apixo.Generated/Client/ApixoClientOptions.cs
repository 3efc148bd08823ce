using Apixo.Generated.Http;

namespace Apixo.Generated;

/// <summary>Settings of <see cref="ApixoClient"/>. Bound from the configuration section <c>Apixo</c>.</summary>
public sealed class ApixoClientOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Apixo";

    /// <summary>The environment variable read when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "APIXO_API_KEY";

    /// <summary>The API key. Never logged, never in an exception message or <see cref="ToString"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API's base address: absolute and https (http only on a loopback host, for tests and the sandbox).</summary>
    public Uri BaseAddress { get; set; } = ApixoApiFactory.DefaultBaseAddress;

    /// <summary>How long one HTTP attempt may take before it is abandoned.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a status or balance call (and of a submit that provably did not reach the server).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter. A Retry-After header wins, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Added to the resolution's typical maximum duration to make the default waiting deadline.</summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>When set, the waiting deadline for every resolution, instead of typical maximum plus margin.</summary>
    public TimeSpan? Deadline { get; set; }

    /// <summary>How long one call may take in all, retries and their delays included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The longest wait between two attempts, or two polls, whatever the backoff or a Retry-After asks for. At most <see cref="TotalTimeout"/>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most of one answer the client reads (an envelope is a few hundred bytes); a larger one is unreadable.</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether submit log events carry the prompt. Off by default: prompts can hold personal data.</summary>
    public bool LogPrompts { get; set; }

    /// <summary>
    /// When set, <see cref="ApixoClient.SubmitAsync"/> sends the request's <c>callback_url</c> signed with this key
    /// (see <see cref="ApixoCallbackSignature"/>; the caller's request object is left as it is). Give the receiver
    /// the same key. At least 32 characters; a secret, never logged or shown. Off by default.
    /// </summary>
    public string? CallbackSigningKey { get; set; }

    /// <summary>Describes the options without the keys.</summary>
    public override string ToString() =>
        $"ApixoClientOptions {{ BaseAddress = {Display(BaseAddress)}, ApiKey = {SetOrNot(ApiKey)}, CallbackSigningKey = {SetOrNot(CallbackSigningKey)}, MaxRetries = {MaxRetries} }}";

    private static string SetOrNot(string? secret) => string.IsNullOrEmpty(secret) ? "(not set)" : "(set)";

    /// <summary>An address as it may be shown: without user info, which can hold a password.</summary>
    internal static string Display(Uri? address) =>
        address is null ? "(none)" : address.IsAbsoluteUri ? address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : address.OriginalString;
}
