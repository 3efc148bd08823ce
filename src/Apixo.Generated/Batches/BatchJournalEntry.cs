namespace Apixo.Generated.Batches;

/// <summary>What the journal says about one line, its records replayed in order: the resume rules read it.</summary>
internal sealed class BatchJournalEntry
{
    private readonly List<string> _files = [];

    internal BatchJournalEntry(string id) => Id = id;

    /// <summary>The line's id.</summary>
    public string Id { get; }

    /// <summary>The line's request (wire JSON, see <see cref="BatchRequestLine"/>), if the journal planned it.</summary>
    public string? Request { get; private set; }

    /// <summary>The line's estimated cost, as planned.</summary>
    public decimal? Cost { get; private set; }

    /// <summary>The task id, once a submit was accepted.</summary>
    public string? TaskId { get; private set; }

    /// <summary>The task's rehydration token.</summary>
    public string? Token { get; private set; }

    /// <summary>Whether the last intent has no answer: the process died while its submit was in flight, or the client said the outcome is unknown.</summary>
    public bool OutcomeUnknown { get; private set; }

    /// <summary>How many submits may have created a task without a task id to show for it.</summary>
    public int UnknownSubmits { get; private set; }

    /// <summary>The last state the journal saw.</summary>
    public string? State { get; private set; }

    /// <summary>The fail code, if the task failed.</summary>
    public string? FailCode { get; private set; }

    /// <summary>When the task finished.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The files saved.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The final outcome, once the line is finished.</summary>
    public BatchOutcomeKind? Finished { get; private set; }

    /// <summary>The last message journalled.</summary>
    public string? Message { get; private set; }

    /// <summary>The HTTP status of a refusal (or of the last answer that put the line back).</summary>
    public int? Status { get; private set; }

    /// <summary>Replays <paramref name="records"/> into one entry per line id, in the order the lines were first seen.</summary>
    public static IReadOnlyDictionary<string, BatchJournalEntry> Replay(IEnumerable<BatchJournalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var entries = new Dictionary<string, BatchJournalEntry>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Kind == BatchJournalRecordKind.PlanComplete)
            {
                continue;
            }

            if (!entries.TryGetValue(record.Id, out var entry))
            {
                entries[record.Id] = entry = new BatchJournalEntry(record.Id);
            }

            entry.Apply(record);
        }

        return entries;
    }

    /// <summary>Whether <paramref name="records"/> hold the whole plan of the batch (a <see cref="BatchJournalRecordKind.PlanComplete"/> record).</summary>
    public static bool IsPlanComplete(IEnumerable<BatchJournalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Any(record => record.Kind == BatchJournalRecordKind.PlanComplete);
    }

    private void Apply(BatchJournalRecord record)
    {
        switch (record.Kind)
        {
            case BatchJournalRecordKind.Planned:
                Request = record.Request;
                Cost = record.Cost;
                break;
            case BatchJournalRecordKind.Intent:
                // An intent is unanswered until a Submitted, a Released or a refusal follows; one left unanswered may have
                // been billed. A line submitted again after it was refused is not finished any more.
                OutcomeUnknown = true;
                UnknownSubmits++;
                Finished = null;
                break;
            case BatchJournalRecordKind.Submitted:
                TaskId = record.TaskId;
                Token = record.Token;
                Answered();
                break;
            case BatchJournalRecordKind.Released:
                Answered();
                Message = record.Message;
                Status = record.Status;
                break;
            case BatchJournalRecordKind.Unknown:
                Message = record.Message;
                break;
            case BatchJournalRecordKind.State:
                State = record.State;
                FailCode = record.FailCode ?? FailCode;
                CompletedAt = record.CompletedAt ?? CompletedAt;
                Message = record.Message ?? Message;
                break;
            case BatchJournalRecordKind.Saved when record.File is not null:
                _files.Add(record.File);
                break;
            case BatchJournalRecordKind.Finished:
                if (record.Outcome == BatchOutcomeKind.Refused && OutcomeUnknown)
                {
                    // A refusal is the intent's answer and the line's end in one record.
                    Answered();
                }

                Finished = record.Outcome;
                Message = record.Message ?? Message;
                Status = record.Status ?? Status;
                break;
        }
    }

    private void Answered()
    {
        OutcomeUnknown = false;
        UnknownSubmits = Math.Max(0, UnknownSubmits - 1);
    }
}
