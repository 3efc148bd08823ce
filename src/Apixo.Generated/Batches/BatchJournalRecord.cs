namespace Apixo.Generated.Batches;

/// <summary>What a journal record says.</summary>
public enum BatchJournalRecordKind
{
    /// <summary>A line of the batch, its request as wire JSON and its estimated cost: the journal alone can resume the batch.</summary>
    Planned,

    /// <summary>A submit is about to be sent. Written, durably, before it leaves: with no <see cref="Submitted"/> after it, the outcome is unknown.</summary>
    Intent,

    /// <summary>The submit was accepted: the task id and the rehydration token.</summary>
    Submitted,

    /// <summary>
    /// Nothing was created, and the line may be submitted again: a 429 put back, or a server that could not be reached.
    /// The intent is released. (A refusal of the request itself is final: a <see cref="Finished"/> record with outcome
    /// <see cref="BatchOutcomeKind.Refused"/>, right after the intent.)
    /// </summary>
    Released,

    /// <summary>The client said the submit's outcome is unknown.</summary>
    Unknown,

    /// <summary>A state of the task, as the server wrote it, with its fail code and completion time when it has them.</summary>
    State,

    /// <summary>A result file was saved.</summary>
    Saved,

    /// <summary>Every line of the batch is planned (a batch-wide record, of no line: its id is empty). Nothing is submitted before it, so a journal without it was cut while planning, and needs the requests to resume.</summary>
    PlanComplete,

    /// <summary>
    /// The line is finished (its outcome in <see cref="BatchJournalRecord.Outcome"/>): a resumed run only reports it. With
    /// outcome <see cref="BatchOutcomeKind.Refused"/> it is also the answer to the intent before it (the server refused
    /// the request, nothing was created), in one record, so that no crash can fall between the answer and the end.
    /// </summary>
    Finished,
}

/// <summary>
/// One entry of a batch journal: what happened to one line, and when. Immutable: a journal only ever adds records.
/// A store keeps every member as it was appended; <see cref="BatchRunner"/> alone writes records and says what they mean.
/// </summary>
public sealed record BatchJournalRecord
{
    /// <summary>What it says.</summary>
    public required BatchJournalRecordKind Kind { get; init; }

    /// <summary>The line's id.</summary>
    public required string Id { get; init; }

    /// <summary>When it was written (the runner's clock).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.Planned"/>: the request as the client sends it (wire JSON, a JSON object).</summary>
    public string? Request { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.Planned"/>: the estimated cost.</summary>
    public decimal? Cost { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.Submitted"/>: the task id.</summary>
    public string? TaskId { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.Submitted"/>: the rehydration token.</summary>
    public string? Token { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.State"/>: the state as the server wrote it.</summary>
    public string? State { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.State"/>: the fail code.</summary>
    public string? FailCode { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.State"/>: when the task finished.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.Saved"/>: the file.</summary>
    public string? File { get; init; }

    /// <summary><see cref="BatchJournalRecordKind.Finished"/>: the outcome.</summary>
    public BatchOutcomeKind? Outcome { get; init; }

    /// <summary>
    /// <see cref="BatchJournalRecordKind.Finished"/> with outcome <see cref="BatchOutcomeKind.Refused"/>, and
    /// <see cref="BatchJournalRecordKind.Released"/>: the HTTP status of the answer (0: none came). Its kind is the
    /// contract's (<see cref="ApixoHttpErrors.Describe"/>).
    /// </summary>
    public int? Status { get; init; }

    /// <summary>A message for a person: the refusal, the failure message, the error.</summary>
    public string? Message { get; init; }
}
