namespace Apixo.Generated.AspNetCore;

/// <summary>Settings of the webhook receiver. Keys are secrets: this type's <see cref="ToString"/> never shows them.</summary>
public sealed class ApixoWebhookOptions
{
    /// <summary>The largest body accepted; a larger one gets 413. A status envelope is a few hundred bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a handled task id is remembered to drop repeated callbacks. APIXO retries a callback up to
    /// <see cref="GptImage2CallbackDelivery.MaxRetries"/> times, with growing waits (the contract's facts, in
    /// <see cref="GptImage2CallbackDelivery"/>), so the window must outlast
    /// <see cref="GptImage2CallbackDelivery.ShortestRetrySpan"/>: a shorter one is refused at start-up. The default,
    /// 1 hour, is our choice, well past any retry schedule the contract allows for.
    /// </summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many task ids the in-memory store remembers at most; past that, new callbacks get 503 until old ids expire.</summary>
    public int MaxRememberedTasks { get; set; } = 100_000;

    /// <summary>Callbacks waiting for confirmation at most, all sources together; past that, new callbacks get 503 (APIXO retries them).</summary>
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>
    /// Callbacks from one source (a remote IPv4 address, or an IPv6 /64) waiting for confirmation at most; past
    /// that, that source alone gets 429. Behind a proxy, set up ForwardedHeaders so that the remote address is the caller's.
    /// </summary>
    public int MaxPendingPerSource { get; set; } = 50;

    /// <summary>
    /// Status calls made to confirm a callback whose task the server does not yet show as done (our choice: how long
    /// the status may lag the callback is not documented).
    /// </summary>
    public int ConfirmationAttempts { get; set; } = 6;

    /// <summary>The wait between two confirmation status calls (our choice); a task waiting holds no worker.</summary>
    public TimeSpan ConfirmationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Status calls and handlers running at the same time.</summary>
    public int MaxConcurrentHandlers { get; set; } = 4;

    /// <summary>
    /// The key callback URLs are signed with (the client's <c>CallbackSigningKey</c>). When set, a callback without
    /// a valid <c>apixo_sig</c> token gets 401 before any status call. Not set by default: signing is opt-in.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The key before <see cref="SigningKey"/>, still accepted during a rotation; drop it once <see cref="SignatureMaxAge"/> has passed.</summary>
    public string? PreviousSigningKey { get; set; }

    /// <summary>
    /// How old a signed callback URL may be; an older token gets 401. A URL is signed at submit and must still be valid for
    /// APIXO's last retry, after the task has run: with a signing key, a value shorter than
    /// <see cref="GptImage2CallbackDelivery.ShortestRetrySpan"/> is refused at start-up. The default, 1 hour, is our choice:
    /// past the longest typical task plus APIXO's retries.
    /// </summary>
    public TimeSpan SignatureMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether repeated callbacks are recognised through the registered <c>IDistributedCache</c> (Redis, SQL Server…),
    /// so that instances behind a load balancer handle a task once between them. Off by default: in memory.
    /// </summary>
    public bool UseDistributedCache { get; set; }

    /// <summary>Describes the options without the keys.</summary>
    public override string ToString() =>
        $"ApixoWebhookOptions {{ SigningKey = {(string.IsNullOrEmpty(SigningKey) ? "(not set)" : "(set)")}, PreviousSigningKey = {(string.IsNullOrEmpty(PreviousSigningKey) ? "(not set)" : "(set)")}, UseDistributedCache = {UseDistributedCache} }}";
}
