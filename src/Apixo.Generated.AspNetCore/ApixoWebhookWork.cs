namespace Apixo.Generated.AspNetCore;

/// <summary>A callback being confirmed: its task, where it came from, its claim, and the endpoint's handler.</summary>
internal sealed class ApixoWebhookWork(string taskId, string source, string owner, Func<GenerationTask, CancellationToken, Task> handler)
{
    public string TaskId { get; } = taskId;

    /// <summary>The source's key (see <see cref="ApixoWebhookSources.KeyOf"/>): its pending slot is given back when the work ends.</summary>
    public string Source { get; } = source;

    /// <summary>The unique value of this callback's claim in the deduplication store.</summary>
    public string Owner { get; } = owner;

    public Func<GenerationTask, CancellationToken, Task> Handler { get; } = handler;

    /// <summary>Status calls made so far; touched by one worker at a time.</summary>
    public int Attempts { get; set; }
}
