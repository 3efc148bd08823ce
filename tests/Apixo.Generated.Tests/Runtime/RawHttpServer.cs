using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>
/// A bare HTTP/1.1 server on loopback for the faults WireMock cannot make: a connection reset (RST) and an
/// answer that never comes. Each request takes the next step; the last step repeats.
/// </summary>
internal sealed class RawHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Step[] _steps;
    private int _requests;

    public RawHttpServer(params Step[] steps)
    {
        _steps = steps;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/v1");

    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            if (head is null)
            {
                return;
            }

            var index = Interlocked.Increment(ref _requests) - 1;
            var step = _steps[Math.Min(index, _steps.Length - 1)];
            if (step.Drop)
            {
                client.Client.LingerState = new LingerOption(true, 0); // close with RST
                return;
            }

            if (step.DelayMs > 0)
            {
                await Task.Delay(step.DelayMs, _stop.Token).ContinueWith(_ => { });
                return;
            }

            var body = Encoding.UTF8.GetBytes(step.Body ?? string.Empty);
            var response = $"HTTP/1.1 {step.Status} X\r\nContent-Type: {step.ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            await stream.WriteAsync(body);
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[16384];
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total));
            if (read == 0)
            {
                return null;
            }

            total += read;
            var text = Encoding.ASCII.GetString(buffer, 0, total);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = text.Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
                    ? int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
                    : 0;
                while (total < end + 4 + length)
                {
                    total += await stream.ReadAsync(buffer.AsMemory(total));
                }

                return text;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
