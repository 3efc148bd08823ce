namespace Apixo.Generated.AspNetCore;

/// <summary>Settings of the webhook receiver.</summary>
public sealed class ApixoWebhookOptions
{
    /// <summary>The largest body accepted; a larger one gets 413. A status envelope is a few hundred bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a task id is remembered to drop repeated callbacks (APIXO retries up to 3 times).</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(1);
}
