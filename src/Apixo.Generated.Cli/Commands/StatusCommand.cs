using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo status</c>: a task's state, once.</summary>
internal sealed class StatusCommand(Secrets secrets, CancellationToken cancellationToken) : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var taskId = TaskIdArgument.Create();
        var command = new Command("status", "Show a task's state.") { taskId };
        foreach (var option in shared.Connection)
        {
            command.Add(option);
        }

        command.SetAction((parse, token) => CommandRunner.RunAsync(parse, shared, host, secrets, async io =>
        {
            var id = TaskIdArgument.Read(parse, taskId);
            await using var target = await shared.OpenAsync(parse, host, io, token).ConfigureAwait(false);
            var task = await target.Client.GetStatusAsync(id, token).ConfigureAwait(false);
            WaitAndSave.EnsureAbout(task, id);
            if (io.Json)
            {
                io.TaskResult(id, task, [], null);
            }
            else
            {
                io.Say($"Task {TerminalText.Escape(id, 256)}: {WaitAndSave.StateName(task)}"
                    + (task.FailCode is { } code ? $" ({TerminalText.Escape(code.Value, 128)}: {TerminalText.Escape(task.FailMessage, 1024)})" : string.Empty)
                    + string.Concat(task.ResultUrls.Select(url => Environment.NewLine + "  " + TerminalText.Escape(url.OriginalString))));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
