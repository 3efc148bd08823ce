namespace Apixo.Generated.Batches;

/// <summary>
/// Where a batch records what it does, so that a run killed at any moment can be resumed without submitting a line
/// twice. A store only keeps records in order; <see cref="BatchRunner"/> writes them and decides what they mean.
/// </summary>
/// <remarks>
/// A store of your own (<see cref="FileBatchJournal"/> is the default) must guarantee:
/// <list type="bullet">
/// <item><description><see cref="AppendAsync"/> returns only once the record is durable: it would outlive a crash of the
/// process and of the machine. The runner sends a submit only after its intent is appended, and acts on an answer only
/// after the answer is appended.</description></item>
/// <item><description><see cref="ReadAllAsync"/> returns every record appended, by every run, each whole and with every
/// member as appended, in the order the appends completed. A record cut short by a crash is left out, never returned in
/// part.</description></item>
/// <item><description><see cref="AppendAsync"/> may be called for several lines at once: the store serializes the calls. Once
/// one append has failed, the later ones fail too (a record after a lost one would tell a different story).</description></item>
/// <item><description>One runner at a time: a second run on the same journal would submit lines twice, so a store refuses
/// a second user (as <see cref="FileBatchJournal"/> does with an exclusive lock).</description></item>
/// </list>
/// </remarks>
public interface IBatchJournal : IAsyncDisposable
{
    /// <summary>Every record appended so far, earlier runs' included, in the order their appends completed (a record cut short by a crash is left out).</summary>
    ValueTask<IReadOnlyList<BatchJournalRecord>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds a record and returns only once it is durable (on disk, not in a cache): an intent must outlive a crash of the submit after it. Throws when it cannot.</summary>
    ValueTask AppendAsync(BatchJournalRecord record, CancellationToken cancellationToken);
}
