namespace Apixo.Generated;

/// <summary>A generation task as the client sees it: its state and, once done, its images or its failure.</summary>
public sealed record GenerationTask
{
    /// <summary>How long result URLs stay valid after completion (the contract's x-apixo-result-ttl-hours).</summary>
    public static TimeSpan ResultLifetime => GptImage2Service.ResultLifetime;

    /// <summary>The opaque task id.</summary>
    public required string TaskId { get; init; }

    /// <summary>Where the task is.</summary>
    public required TaskState State { get; init; }

    /// <summary>
    /// The generated images, parsed from <c>resultJson</c>; empty until the task succeeds. They are as the server
    /// sent them (a null entry is dropped): check a URL before fetching it, it may be relative or of any scheme.
    /// </summary>
    public IReadOnlyList<Uri> ResultUrls { get; init; } = [];

    /// <summary>The failure code, known or not; null unless the task failed.</summary>
    public FailCode? FailCode { get; init; }

    /// <summary>The server's failure message; null unless the task failed.</summary>
    public string? FailMessage { get; init; }

    /// <summary>When the task was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the task reached a terminal state.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>How long the generation took (the server's costTime, else completion minus creation).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Whether the result URLs are past their <see cref="ResultLifetime"/>, as of when this was read.</summary>
    public bool IsExpired { get; init; }

    /// <summary>Whether the task will not change any more (the contract's x-apixo-terminal-states); a state this client does not know is not terminal.</summary>
    public bool IsTerminal => TaskStateValues.IsTerminal(State);

    /// <summary>Whether the task ended with a result (the contract's x-apixo-success-states).</summary>
    public bool IsSuccess => TaskStateValues.IsSuccess(State);

    /// <summary>Reads the contract's status data into a task, as of <paramref name="now"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">The server's <c>resultJson</c> is not a valid result.</exception>
    public static GenerationTask From(TaskStatusData data, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(data);
        var created = FromUnixMs(data.CreateTime);
        var completed = FromUnixMs(data.CompleteTime);
        var duration = data.CostTime is { } cost ? TimeSpan.FromMilliseconds(cost) : completed - created;
        return new GenerationTask
        {
            TaskId = data.TaskId,
            State = data.State,
            // A null among the URLs is no URL: it is dropped, so that the real ones are still seen and saved.
            ResultUrls = TaskStateValues.IsSuccess(data.State) ? WithoutNulls(data.ParseResultJson()) : [],
            FailCode = data.FailCode,
            FailMessage = data.FailMsg,
            CreatedAt = created,
            CompletedAt = completed,
            Duration = duration,
            IsExpired = TaskStateValues.IsSuccess(data.State) && completed is { } done && now - done > ResultLifetime,
        };
    }

    // A loop rather than LINQ: this runs on every status read.
    private static Uri[] WithoutNulls(TaskResult? result)
    {
        if (result is null)
        {
            return [];
        }

        // "resultUrls": null is a broken answer, not an empty one: it fails to read, as it did through LINQ.
        var urls = result.ResultUrls;
        ArgumentNullException.ThrowIfNull(urls, "resultUrls");

        var kept = new Uri[urls.Count];
        var count = 0;
        for (var i = 0; i < urls.Count; i++)
        {
            if (urls[i] is { } url)
            {
                kept[count++] = url;
            }
        }

        return count == kept.Length ? kept : kept[..count];
    }

    private static DateTimeOffset? FromUnixMs(long? milliseconds) =>
        milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
