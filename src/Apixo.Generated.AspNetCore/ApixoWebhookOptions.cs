namespace Apixo.Generated.AspNetCore;

/// <summary>Settings of the webhook receiver.</summary>
public sealed class ApixoWebhookOptions
{
    /// <summary>The largest body accepted; a larger one gets 413. A status envelope is a few hundred bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a task id is remembered to drop repeated callbacks (APIXO retries up to 3 times).</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many task ids are remembered at most; past that, new callbacks get 503 until old ids expire.</summary>
    public int MaxRememberedTasks { get; set; } = 100_000;

    /// <summary>Callbacks waiting for confirmation at most; past that, new callbacks get 503 (APIXO retries them).</summary>
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>Status calls made to confirm a callback whose task the server does not yet show as done.</summary>
    public int ConfirmationAttempts { get; set; } = 6;

    /// <summary>The wait between two confirmation status calls.</summary>
    public TimeSpan ConfirmationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Callbacks confirmed and handled at the same time.</summary>
    public int MaxConcurrentHandlers { get; set; } = 4;
}
