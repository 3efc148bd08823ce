namespace Apixo.Generated.Batches;

/// <summary>
/// Where a batch records what it does, so that a run killed at any moment can be resumed without submitting a line
/// twice. A store only keeps records in order; <see cref="BatchRunner"/> decides what they mean.
/// </summary>
public interface IBatchJournal : IAsyncDisposable
{
    /// <summary>Every record written so far, in order (a record cut short by a crash is left out).</summary>
    ValueTask<IReadOnlyList<BatchJournalRecord>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds a record and returns only once it is durable (on disk, not in a cache): an intent must outlive a crash of the submit after it.</summary>
    ValueTask AppendAsync(BatchJournalRecord record, CancellationToken cancellationToken);
}
