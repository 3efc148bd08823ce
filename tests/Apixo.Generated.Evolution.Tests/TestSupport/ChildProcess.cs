using System.Diagnostics;

namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>How a child process ended: its exit code, what it printed and how long it took.</summary>
internal sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>Both streams, for a failure message.</summary>
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}{Environment.NewLine}stderr:{Environment.NewLine}{Stderr}";
}

/// <summary>Runs a child process to its end, with no standard input and a deadline after which it is killed.</summary>
internal static class ChildProcess
{
    /// <summary>The <c>dotnet</c> host that runs these tests, so that the scratch build uses the same SDK installation.</summary>
    public static string Dotnet { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    public static async Task<ProcessOutcome> RunAsync(ProcessStartInfo start, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"'{start.FileName} {string.Join(' ', start.ArgumentList)}' did not end within {deadline.TotalSeconds:0} s: killed. {new ProcessOutcome(-1, await stdout, await stderr, clock.Elapsed)}");
        }

        // A grandchild that inherited the pipes could hold them open: the streams get a bounded wait of their own.
        var streams = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(streams, Task.Delay(TimeSpan.FromSeconds(30))) != streams)
        {
            throw new TimeoutException($"'{start.FileName}' exited, but its output stayed open for 30 s (a process it started holds it).");
        }

        return new ProcessOutcome(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }
}
