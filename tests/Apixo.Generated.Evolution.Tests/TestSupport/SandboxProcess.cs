using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>
/// <c>apixo sandbox --port 0</c> of a scratch build, as a process of its own: the sandbox built from the same
/// contract as the CLI under test. It runs until disposed (it waits for Ctrl+C; here it is killed, by its id).
/// </summary>
internal sealed partial class SandboxProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SandboxProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The API's base address, as the sandbox printed it (<c>http://127.0.0.1:PORT/api/v1</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts the sandbox; <paramref name="speed"/> is how much faster than real time its tasks run.</summary>
    public static async Task<SandboxProcess> StartAsync(string cli, string workingDirectory, IReadOnlyDictionary<string, string?> environment, double speed)
    {
        var start = ChildProcess.StartInfo(ChildProcess.Dotnet, [cli, "sandbox", "--port", "0", "--speed", speed.ToString(System.Globalization.CultureInfo.InvariantCulture)], workingDirectory, environment);
        var process = Process.Start(start) ?? throw new InvalidOperationException("apixo sandbox did not start.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var running = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                running.TrySetException(new InvalidOperationException($"apixo sandbox ended before it said where it runs: {Said()}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (Running().Match(line.Data) is { Success: true } match)
            {
                running.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new SandboxProcess(process, await running.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            Stop(process);
            throw new InvalidOperationException($"apixo sandbox did not start: {exception.Message} {Said()}", exception);
        }

        string Said()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    // SandboxCommand prints "Sandbox running at <base URL> (time xN). ...".
    [GeneratedRegex(@"^Sandbox running at (?<url>\S+) ")]
    private static partial Regex Running();
}
