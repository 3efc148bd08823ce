using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo wait</c>: resume waiting for a task (or fetch a finished one's images again) and save them.</summary>
internal sealed class WaitCommand(Secrets secrets, CancellationToken cancellationToken) : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var task = new Argument<string>("task") { Description = "The rehydration token generate printed (it carries the resolution and the submit time), or the task id." };
        var resolution = Tiers.Option("with a task id, the task's resolution: the polling schedule and deadline of the wait (a token carries its own)");
        var command = new Command("wait", "Wait for a task and save its images (resumes a generate that stopped waiting; on a finished task, downloads its images again).")
        {
            task, resolution, shared.Out, shared.Timeout,
        };
        foreach (var option in shared.Connection.Concat(shared.Downloads.All))
        {
            command.Add(option);
        }

        command.SetAction((parse, token) => CommandRunner.RunAsync(parse, shared, host, secrets, async io =>
        {
            var given = parse.GetValue(task);
            var isToken = GenerationOperation.IsRehydrationToken(given);
            var id = isToken ? null : TaskIdArgument.Read(parse, task);
            var explicitTier = parse.GetResult(resolution) is { Implicit: false };
            if (isToken && explicitTier)
            {
                throw new CliInputException("--resolution goes with a task id; a rehydration token carries the task's own. Nothing was sent.");
            }

            var limits = shared.Downloads.Read(parse);
            var folder = OutputFolder.Prepare(parse.GetValue(shared.Out)!);
            await using var target = await shared.OpenAsync(parse, host, io, token, withTimeout: true).ConfigureAwait(false);
            using var downloader = new ResultDownloader(limits, target.IsLocal);
            GenerationOperation operation;
            if (isToken)
            {
                try
                {
                    operation = target.Client.ResumeOperation(given!);
                }
                catch (ArgumentException exception)
                {
                    throw new CliInputException(exception.Message + " Nothing was sent.");
                }
            }
            else
            {
                // From an id, the submit time is unknown: the first poll comes at once.
                var tier = Tiers.Parse(parse.GetValue(resolution)!);
                operation = target.Client.ResumeOperation(id!, tier, target.Clock.GetUtcNow() - GptImage2Polling.For(tier).FirstPoll);
            }

            io.RehydrationToken = operation.RehydrationToken;
            return await WaitAndSave.RunAsync(target, operation, resumed: true, folder, downloader, limits, io, token).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }
}
