namespace Apixo.Generated.Batches;

/// <summary>What became of a line.</summary>
public enum BatchOutcomeKind
{
    /// <summary>The task succeeded and its results were saved (or there is no result store).</summary>
    Succeeded,

    /// <summary>The task ended in a terminal state that is not a success; see the fail code.</summary>
    Failed,

    /// <summary>A submit was sent but no answer says whether it created a task: never submitted again unless asked.</summary>
    Unknown,

    /// <summary>
    /// The server refused the request (a 400, 401, 402, 403…: see <see cref="BatchItemOutcome.ErrorKind"/>); nothing was
    /// created. Final: a resumed run reports it and submits it again only when asked (<see cref="BatchOptions.ResubmitRefused"/>).
    /// </summary>
    Refused,

    /// <summary>
    /// Not submitted in this run, and nothing was created: it would have taken the batch past its maximum cost, the
    /// server kept answering 429, or it could not be reached. A resumed run submits it.
    /// </summary>
    NotSubmitted,

    /// <summary>Submitted, but not finished when the wait ended (deadline, an error a retry cannot help): resume waits for it.</summary>
    Pending,

    /// <summary>The task succeeded (and was billed), but its results could not all be saved: resume downloads them.</summary>
    NotSaved,
}

/// <summary>The outcome of one line, once per line and run.</summary>
public sealed record BatchItemOutcome
{
    /// <summary>The line's id.</summary>
    public required string Id { get; init; }

    /// <summary>What became of it.</summary>
    public required BatchOutcomeKind Kind { get; init; }

    /// <summary>The task id, once the server gave one.</summary>
    public string? TaskId { get; init; }

    /// <summary>The rehydration token of the task, once known.</summary>
    public string? RehydrationToken { get; init; }

    /// <summary>The last state seen, as the server wrote it.</summary>
    public string? State { get; init; }

    /// <summary>The fail code, as the server wrote it (known to the contract or not).</summary>
    public string? FailCode { get; init; }

    /// <summary>The server's failure message.</summary>
    public string? FailMessage { get; init; }

    /// <summary>The result URLs of a succeeded task.</summary>
    public IReadOnlyList<Uri> ResultUrls { get; init; } = [];

    /// <summary>The files saved, in order.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>What the line may have cost: its price once a task may exist (a task id, or an unknown outcome), else 0.</summary>
    public decimal Cost { get; init; }

    /// <summary>When the task finished, if known.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why it ended as it did, for a person (refusal, error, budget).</summary>
    public string? Message { get; init; }

    /// <summary>The kind of the error that ended the line, when an error did: a refusal's (<see cref="ApixoErrorKind.InsufficientBalance"/>…), an unknown submit's, a wait's.</summary>
    public ApixoErrorKind? ErrorKind { get; init; }

    /// <summary>Warnings, such as results close to the end of their lifetime.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether the outcome came from the journal alone (finished in an earlier run), with no call made.</summary>
    public bool FromJournal { get; init; }
}

/// <summary>A state change of a line while the batch runs.</summary>
/// <param name="Id">The line's id.</param>
/// <param name="Stage">Where it is: <c>queued</c> (at the start of a run, for each line it will submit), <c>submitting</c>, <c>submitted</c>, a task state as the server wrote it (a resumed line starts at its last journalled state), <c>saving</c>.</param>
/// <param name="TaskId">The task id, once known.</param>
public sealed record BatchItemUpdate(string Id, string Stage, string? TaskId);

/// <summary>The runner's own stages of <see cref="BatchItemUpdate.Stage"/> (the others are task states, as the server wrote them).</summary>
internal static class BatchStage
{
    public const string Queued = "queued";
    public const string Submitting = "submitting";
    public const string Submitted = "submitted";
    public const string Saving = "saving";
}
