using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo wait</c>: resume waiting for a task (or fetch a finished one's images again) and save them.</summary>
internal sealed class WaitCommand(Secrets secrets, CancellationToken cancellationToken) : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var taskId = TaskIdArgument.Create();
        var resolution = Tiers.Option();
        var command = new Command("wait", "Wait for a task and save its images (resumes a generate that stopped waiting; on a finished task, downloads its images again).")
        {
            taskId, resolution, shared.Out, shared.Timeout,
        };
        foreach (var option in shared.Connection.Concat(shared.Downloads.All))
        {
            command.Add(option);
        }

        command.SetAction((parse, token) => CommandRunner.RunAsync(parse, shared, host, secrets, async io =>
        {
            var id = TaskIdArgument.Read(parse, taskId);
            var limits = shared.Downloads.Read(parse);
            var folder = OutputFolder.Prepare(parse.GetValue(shared.Out)!);
            await using var target = await shared.OpenAsync(parse, host, io, token, withTimeout: true).ConfigureAwait(false);
            using var downloader = new ResultDownloader(limits, target.IsLocal);
            var tier = Tiers.Parse(parse.GetValue(resolution)!);
            // Resuming: the first poll comes at once.
            var submittedAt = target.Clock.GetUtcNow() - GptImage2Polling.For(tier).FirstPoll;
            return await WaitAndSave.RunAsync(target, id, tier, submittedAt, folder, downloader, limits, io, token).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }
}
