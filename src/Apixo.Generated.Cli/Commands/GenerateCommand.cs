using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo generate</c>: build the request with the generated builders, submit, wait and save.</summary>
internal sealed class GenerateCommand(Secrets secrets, CancellationToken cancellationToken) : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var fields = new ModeOptions();
        var callbackUrl = new Option<string?>("--callback-url") { Description = "Ask APIXO to POST the result there (https; on the sandbox, https://127.0.0.1:PORT/… reaches a local receiver over http)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the task id and exit without waiting." };
        var trace = new Option<bool>("--trace") { Description = "Print the spans of this run (submit, each status call, the wait, HTTP) on stderr as they end." };

        var command = new Command("generate", "Generate an image and save it (waits on the contract's schedule). Its options are the contract's fields.");
        if (fields.Positional is not null)
        {
            command.Add(fields.Positional);
        }

        foreach (var option in fields.Options.Concat([callbackUrl, noWait, trace, shared.Out, shared.Timeout]).Concat(shared.Connection).Concat(shared.Downloads.All))
        {
            command.Add(option);
        }

        command.SetAction((parse, token) => CommandRunner.RunAsync(parse, shared, host, secrets, async io =>
        {
            using var spans = parse.GetValue(trace) ? new SpanPrinter(io.Error, "apixo generate") : null;
            var request = Build(fields, parse, parse.GetValue(callbackUrl), io);
            if (request is null)
            {
                if (io.Json)
                {
                    io.TaskResult(string.Empty, null, [], null, "invalid input: nothing was sent");
                }

                return ExitCodes.InvalidInput;
            }

            var wait = !parse.GetValue(noWait);
            // Everything that can refuse the run does so before the submit, the step that is billed.
            var limits = wait ? shared.Downloads.Read(parse) : null;
            var folder = wait ? OutputFolder.Prepare(parse.GetValue(shared.Out)!) : null;
            var estimated = GptImage2Pricing.EstimateCost(request);
            io.Estimated = estimated;
            await using var target = await shared.OpenAsync(parse, host, io, token, withTimeout: true).ConfigureAwait(false);
            using var downloader = wait ? new ResultDownloader(limits!, target.IsLocal) : null;
            var operation = await target.Client.StartGenerationAsync(request, token).ConfigureAwait(false);
            io.RehydrationToken = operation.RehydrationToken;
            if (!wait)
            {
                if (io.Json)
                {
                    io.TaskResult(operation.Id, null, [], estimated);
                }
                else
                {
                    io.Say($"Submitted {TerminalText.Escape(operation.Id, 256)}. Wait for it: apixo wait {TerminalText.ShellWord(operation.RehydrationToken)}");
                }

                return ExitCodes.Success;
            }

            return await WaitAndSave.RunAsync(target, operation, resumed: false, folder!, downloader!, limits!, io, token).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }

    // Every request the CLI sends is built, and checked, by the generated builders: nothing is patched afterwards.
    private static GenerateTaskRequest? Build(ModeOptions fields, ParseResult parse, string? callback, CliOutput io)
    {
        fields.TryBuild(parse, callback, out var built, out var errors);
        foreach (var error in errors)
        {
            io.Error.WriteLine("apixo: " + error.Message);
        }

        if (built is null)
        {
            io.Error.WriteLine("apixo: nothing was sent.");
        }

        return built;
    }
}
