using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Apixo.Generated.Tests.TestSupport;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 and a free port, without persistence, for the test run. It fails,
/// never skips, when the binary is missing: CI installs it (<c>.ci/run</c>), and a developer is told how.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    public async Task InitializeAsync()
    {
        var binary = InstalledProgram.Find("redis-server") ?? throw new InvalidOperationException(
            "redis-server was not found (looked in /usr/bin and on PATH). The multi-instance webhook tests need a real Redis: "
            + "apt-get update && apt-get install -y redis-server (CI's .ci/run does this).");
        Port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start.");
        var output = new StringBuilder();
        _process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        _process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await PingsAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                string said;
                lock (output)
                {
                    said = output.ToString();
                }

                throw new InvalidOperationException($"redis-server did not answer PING on 127.0.0.1:{Port}. It said:\n{said}");
            }

            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
