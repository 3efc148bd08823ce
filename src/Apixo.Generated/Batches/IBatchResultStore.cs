namespace Apixo.Generated.Batches;

/// <summary>Saves the results of a succeeded task (the CLI downloads them into a folder, checking every URL).</summary>
public interface IBatchResultStore
{
    /// <summary>Saves the results of <paramref name="task"/>, a task of line <paramref name="item"/>, and returns the files in order.</summary>
    /// <exception cref="Exception">Any failure: the line is reported <see cref="BatchOutcomeKind.NotSaved"/>, and a resumed run tries again.</exception>
    Task<IReadOnlyList<string>> SaveAsync(BatchItem item, GenerationTask task, CancellationToken cancellationToken);
}
