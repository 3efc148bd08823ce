using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>
/// Saves a batch line's images in <c>--out</c>, named after the line's id (made safe as any id is), through the same
/// downloader as <c>generate</c>: every URL checked, nothing trusted from the server.
/// </summary>
internal sealed class BatchImageStore(ResultDownloader downloader, OutputFolder folder, DownloadLimits limits, Secrets? secrets) : IBatchResultStore
{
    public async Task<IReadOnlyList<string>> SaveAsync(BatchItem item, GenerationTask task, CancellationToken cancellationToken)
    {
        if (task.ResultUrls.Count == 0)
        {
            throw new UnsafeAnswerException("the task succeeded, but its answer lists no result URL", task.TaskId);
        }

        if (task.ResultUrls.Count > limits.MaxResults)
        {
            throw new UnsafeAnswerException($"the task lists {task.ResultUrls.Count} result URLs, more than --max-results {limits.MaxResults}: none was fetched", task.TaskId);
        }

        var stem = ResultFileName.StemOf(item.Id, secrets);
        var files = new List<string>();
        var problems = new List<string>();
        for (var index = 0; index < task.ResultUrls.Count; index++)
        {
            var outcome = await downloader.DownloadAsync(task.ResultUrls[index], folder, stem, index, cancellationToken).ConfigureAwait(false);
            if (outcome.Saved)
            {
                files.Add(outcome.File!);
            }
            else
            {
                problems.Add($"result {index} was {(outcome.Refused ? "refused" : "not saved")}: {outcome.Problem}");
            }
        }

        if (problems.Count > 0)
        {
            throw new IOException(string.Join("; ", problems));
        }

        // Each file was flushed before its rename; the folder holds the new names, and is flushed before the runner
        // journals the files as saved (a name lost in a power cut would be a paid result the journal says is on disk).
        DurableDirectory.Sync(folder.FullPath);
        return files;
    }
}
