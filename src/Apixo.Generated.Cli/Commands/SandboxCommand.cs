using System.CommandLine;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo sandbox</c>: the offline API on loopback until Ctrl+C.</summary>
internal sealed class SandboxCommand : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var port = new Option<int>("--port") { Description = "The loopback port (0: a free one).", DefaultValueFactory = _ => 0 };
        var speed = new Option<double>("--speed") { Description = "How much faster than real time tasks progress (1: real time).", DefaultValueFactory = _ => 60 };
        var command = new Command("sandbox", "Run the offline sandbox until Ctrl+C.") { port, speed };
        command.SetAction(async (parse, token) =>
        {
            var requested = parse.GetValue(port);
            if (requested is < 0 or > 65535 || !double.IsFinite(parse.GetValue(speed)))
            {
                host.Stderr.WriteLine("apixo: --port must be 0 to 65535 and --speed a number.");
                return ExitCodes.InvalidInput;
            }

            ApixoSandbox running;
            try
            {
                running = await ApixoSandbox.StartAsync(new SandboxOptions { Port = requested, Speed = Math.Max(1, parse.GetValue(speed)), AllowLoopbackCallbacks = true }, token).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                host.Stderr.WriteLine($"apixo: the sandbox cannot listen on port {requested}: {exception.Message}");
                return ExitCodes.InvalidInput;
            }

            await using var _ = running;
            host.Stdout.WriteLine($"Sandbox running at {running.BaseUrl} (time x{running.Options.Speed:0}). Any bearer key is accepted. Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
