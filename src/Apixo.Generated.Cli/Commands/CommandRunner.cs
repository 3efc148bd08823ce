using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary>Runs a command and turns every outcome into a documented exit code and a one-line message; never a stack trace.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult parse, SharedOptions shared, CliHost host, Secrets secrets, Func<CliOutput, Task<int>> run, CancellationToken cancellationToken)
    {
        var json = parse.GetResult(shared.Json) is not null && parse.GetValue(shared.Json);
        var io = new CliOutput(host.Stdout, host.Stderr, json, host.Interactive, secrets);
        try
        {
            return await run(io).ConfigureAwait(false);
        }
        catch (CliInputException exception)
        {
            Fail(io, null, null, exception.Message);
            return ExitCodes.InvalidInput;
        }
        catch (TaskFailedException exception)
        {
            Fail(io, exception.TaskId, exception.Task, exception.Message);
            return ExitCodes.TaskFailed;
        }
        catch (ApixoDeadlineExceededException exception)
        {
            Fail(io, exception.Operation.Id, null, exception.Message + " " + ResumeHint(io, exception.Operation));
            return ExitCodes.DeadlinePassed;
        }
        catch (ApixoWaitCanceledException exception)
        {
            Fail(io, exception.Operation.Id, null, $"Cancelled; the task goes on. {ResumeHint(io, exception.Operation)}");
            return ExitCodes.Cancelled;
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            // The client's own message says when it matters (a submit cancelled in flight may have created a task).
            Fail(io, null, null, "cancelled. " + exception.Message);
            return ExitCodes.Cancelled;
        }
        catch (ApixoApiException exception)
        {
            Fail(io, exception.TaskId, null, exception.Message);
            return ExitCodes.ApiError;
        }
        catch (UnsafeAnswerException exception)
        {
            Fail(io, exception.TaskId, null, exception.Message);
            return ExitCodes.ApiError;
        }
        catch (HttpRequestException exception)
        {
            Fail(io, null, null, exception.Message);
            return ExitCodes.ApiError;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Fail(io, null, null, exception.Message);
            return ExitCodes.ResultNotSaved;
        }
        catch (Exception exception)
        {
            // A bug of ours: one line that names it, never a stack trace.
            Fail(io, null, null, $"unexpected error ({exception.GetType().Name}): {exception.Message}");
            return ExitCodes.Unexpected;
        }
    }

    /// <summary>Prints a failure: one escaped line on stderr, and with --json the one result object.</summary>
    public static void Fail(CliOutput io, string? taskId, GenerationTask? task, string message, IReadOnlyList<string>? files = null)
    {
        io.Error.WriteLine("apixo: " + TerminalText.Escape(message, 4096));
        if (io.Json)
        {
            io.TaskResult(taskId ?? string.Empty, task, files ?? [], io.Estimated, message);
        }
    }

    /// <summary>How to wait for a task again. The in-process sandbox ends with the command, and its tasks with it.</summary>
    public static string ResumeHint(CliOutput io, GenerationOperation operation) => io.InProcessSandbox
        ? $"The in-process sandbox stopped with this command. To wait for a task across commands, run 'apixo sandbox' and pass its address with --base-url (then: apixo wait {TerminalText.ShellWord(operation.RehydrationToken)})."
        : $"Resume: apixo wait {TerminalText.ShellWord(operation.RehydrationToken)}";
}

/// <summary>Input the CLI refuses before anything is sent (exit code 2).</summary>
internal sealed class CliInputException(string message) : Exception(message);

/// <summary>An answer the CLI will not act on: about another task, success without results, too many results (exit code 4).</summary>
internal sealed class UnsafeAnswerException(string message, string? taskId = null) : Exception(message)
{
    public string? TaskId { get; } = taskId;
}
