using Spectre.Console;

namespace Apixo.Generated.Cli;

/// <summary>
/// Waits for a task, then saves its images. A paid result is never hidden: the result URLs are printed before
/// any download, and a task that succeeded but could not be saved exits with its own code and a retry command.
/// </summary>
internal static class WaitAndSave
{
    // How long result URLs stay valid, in the contract's unit (x-apixo-result-ttl-hours).
    private static readonly string ResultHours = GenerationTask.ResultLifetime.TotalHours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="target">The API.</param>
    /// <param name="operation">The task: its id (files are named after it), and its resolution and submit time, which set the schedule and the deadline.</param>
    /// <param name="resumed">Whether the task was submitted by another command (<c>wait</c>), rather than just now.</param>
    /// <param name="folder">Where images go, already checked writable.</param>
    /// <param name="downloader">Fetches the images; made before the submit, so that bad limits refuse the run before it is billed.</param>
    /// <param name="limits">The download bounds.</param>
    /// <param name="io">The output.</param>
    /// <param name="token">Stops the waiting and the downloads, never the task.</param>
    public static async Task<int> RunAsync(ApiTarget target, GenerationOperation operation, bool resumed, OutputFolder folder, ResultDownloader downloader, DownloadLimits limits, CliOutput io, CancellationToken token)
    {
        var id = operation.Id;
        var shown = TerminalText.Escape(id, 256);
        GenerationTask task;
        var schedule = GptImage2Polling.For(operation.Resolution);
        io.Say($"Task {shown}: to wait for it from another command: apixo wait {TerminalText.ShellWord(operation.RehydrationToken)}");
        if (io.Interactive)
        {
            task = await AnsiConsole.Status().StartAsync(Markup.Escape($"Task {shown}: submitted"), async context =>
                await operation.WaitForCompletionAsync(new Progress<GenerationTask>(t => context.Status(Markup.Escape($"Task {shown}: {StateName(t)}"))), token).ConfigureAwait(false)).ConfigureAwait(false);
        }
        else
        {
            // A fresh task is shown its schedule; a resumed one when its first poll comes (its time after the submit,
            // at once when that has passed), which is what a user who resumes wants to know.
            var firstPoll = resumed && operation.SubmittedAt is { } submitted ? submitted + schedule.FirstPoll - target.Clock.GetUtcNow() : schedule.FirstPoll;
            io.Say($"Task {shown}: {(resumed ? "resuming" : "waiting")} (first poll after {Math.Max(0, firstPoll.TotalSeconds):0} s, then every {schedule.Interval.TotalSeconds:0} s)");
            task = await operation.WaitForCompletionAsync(new LineProgress(io, shown), token).ConfigureAwait(false);
        }

        EnsureAbout(task, id);
        try
        {
            return await SaveAsync(task, id, folder, downloader, limits, io, token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && exception is not UnsafeAnswerException)
        {
            // The task is paid for: whatever went wrong here, the failure carries its id, its URLs and the retry.
            CommandRunner.Fail(io, id, task, $"Task {TerminalText.Escape(id, 256)} succeeded, but its images could not be saved ({exception.GetType().Name}: {exception.Message}). {RetryHint(id, folder)}");
            return ExitCodes.ResultNotSaved;
        }
    }

    private static async Task<int> SaveAsync(GenerationTask task, string id, OutputFolder folder, ResultDownloader downloader, DownloadLimits limits, CliOutput io, CancellationToken token)
    {
        var shown = TerminalText.Escape(id, 256);
        if (task.ResultUrls.Count == 0)
        {
            throw new UnsafeAnswerException($"Task {shown} succeeded, but the answer lists no result URL: nothing to save.", id);
        }

        // The URLs first: a download that fails must not hide a result that was paid for.
        io.Say($"Task {shown} succeeded{(task.IsExpired ? $" (its results are over {ResultHours} h old and may have expired)" : string.Empty)}. Result URLs:"
            + string.Concat(task.ResultUrls.Select(url => Environment.NewLine + "  " + TerminalText.Escape(url.OriginalString))));
        if (task.ResultUrls.Count > limits.MaxResults)
        {
            CommandRunner.Fail(io, id, task, $"Task {shown} lists {task.ResultUrls.Count} result URLs, more than --max-results {limits.MaxResults}: none was fetched.");
            return ExitCodes.ApiError;
        }

        var stem = ResultFileName.StemOf(id, io.Secrets);
        var outcomes = new List<DownloadOutcome>(task.ResultUrls.Count);
        for (var i = 0; i < task.ResultUrls.Count; i++)
        {
            outcomes.Add(await downloader.DownloadAsync(task.ResultUrls[i], folder, stem, i, token).ConfigureAwait(false));
        }

        var files = outcomes.Where(o => o.Saved).Select(o => o.File!).ToList();
        if (files.Count == outcomes.Count)
        {
            if (io.Json)
            {
                io.TaskResult(id, task, files, io.Estimated);
            }
            else
            {
                io.Say("Saved:" + string.Concat(files.Select(file => Environment.NewLine + "  " + TerminalText.Escape(file))));
            }

            return ExitCodes.Success;
        }

        foreach (var (outcome, index) in outcomes.Select((o, i) => (o, i)).Where(pair => !pair.o.Saved))
        {
            io.Error.WriteLine($"apixo: result {index} ({TerminalText.Escape(outcome.Url.OriginalString, 512)}) was {(outcome.Refused ? "refused" : "not saved")}: {outcome.Problem}.");
        }

        var refused = outcomes.Any(o => o.Refused);
        var summary = refused
            ? $"Task {shown} succeeded, but {outcomes.Count(o => !o.Saved)} of its {outcomes.Count} result URLs were refused as unsafe or could not be saved; the URLs are above."
            : $"Task {shown} succeeded, but {outcomes.Count(o => !o.Saved)} of its {outcomes.Count} images could not be saved; the URLs are above, valid for {ResultHours} h. {RetryHint(id, folder)}";
        CommandRunner.Fail(io, id, task, summary, files);
        return refused ? ExitCodes.ApiError : ExitCodes.ResultNotSaved;
    }

    private static string RetryHint(string id, OutputFolder folder) =>
        $"Download again: apixo wait {TerminalText.ShellWord(id)} --out {TerminalText.ShellWord(folder.FullPath)}";

    /// <summary>A status answer about another task than the one asked is not acted on.</summary>
    public static void EnsureAbout(GenerationTask task, string id)
    {
        if (!string.Equals(task.TaskId, id, StringComparison.Ordinal))
        {
            throw new UnsafeAnswerException($"The answer about task {TerminalText.Escape(id, 256)} is about another task ({TerminalText.Escape(task.TaskId, 256)}): not acted on.", id);
        }
    }

    // Server text: escaped and bounded, and as sent (an unknown "SUCCESS" must not read as the known "success").
    public static string StateName(GenerationTask task) => TerminalText.Escape(task.State.Value, 128);

    private sealed class LineProgress(CliOutput io, string shownId) : IProgress<GenerationTask>
    {
        public void Report(GenerationTask value) => io.Say($"Task {shownId}: {StateName(value)}");
    }
}
