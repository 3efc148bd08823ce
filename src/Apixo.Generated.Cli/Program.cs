using System.Runtime.InteropServices;
using Apixo.Generated.Cli;

// Ctrl+C or SIGTERM stops the waiting (exit 130), never the task on the server.
using var cancel = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

// APIXO_SANDBOX_SPEED: the API at --base-url is a sandbox running that many times faster than real time ('apixo sandbox
// --speed'), so waiting follows its clock; the crash test of 'apixo batch' runs child processes this way.
var speed = Environment.GetEnvironmentVariable("APIXO_SANDBOX_SPEED");
var clock = double.TryParse(speed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var times) && times >= 1 && double.IsFinite(times)
    ? new Apixo.Generated.Sandbox.SandboxClock(times)
    : null;
return await ApixoCli.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, clock: clock, cancellationToken: cancel.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}
