using System.Text;
using Microsoft.AspNetCore.Http;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>
/// What <see cref="HostileApixoServer"/> answers on a route: a status, headers, and a body written by a function,
/// so that a body can be huge, endless, slow or cut short without ever being held in memory.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The Content-Type, or null for none.</param>
/// <param name="Headers">More response headers (Location, Retry-After…).</param>
/// <param name="ContentLength">The declared Content-Length, or null for a chunked body.</param>
/// <param name="WriteBody">Writes the body; the token fires when the client hangs up or the server stops.</param>
internal sealed record HostileAnswer(
    int Status,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    long? ContentLength,
    Func<Stream, CancellationToken, Task> WriteBody)
{
    private const int ChunkSize = 64 * 1024;
    private static readonly byte[] Zeros = new byte[ChunkSize];
    private static readonly Dictionary<string, string> NoHeaders = [];

    /// <summary>A minimal PNG: signature, IHDR of a 1×1 RGBA image, IDAT, IEND (valid CRCs).</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>A minimal JPEG: SOI, a JFIF APP0 segment, EOI. Its magic number is right; it decodes to nothing.</summary>
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    /// <summary>A minimal WebP: the RIFF header with its size, "WEBP", and an empty VP8L chunk.</summary>
    public static readonly byte[] Webp = [.. "RIFF"u8, 0x0C, 0x00, 0x00, 0x00, .. "WEBP"u8, .. "VP8L"u8, 0x00, 0x00, 0x00, 0x00];

    /// <summary>An HTML page: what a captive portal, a CDN error or a login wall gives instead of an image.</summary>
    public static readonly string Html = "<!doctype html><html><head><title>Sign in</title></head><body><h1>Please sign in</h1><script>alert(1)</script></body></html>";

    /// <summary>The same answer with one more header.</summary>
    public HostileAnswer WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value } };

    /// <summary><paramref name="body"/> as it is, with its length.</summary>
    public static HostileAnswer Bytes(byte[] body, string? contentType, int status = 200) =>
        new(status, contentType, NoHeaders, body.Length, (stream, cancel) => stream.WriteAsync(body, cancel).AsTask());

    /// <summary>A text body (UTF-8), for JSON envelopes and anything else.</summary>
    public static HostileAnswer Text(string body, string? contentType = "application/json", int status = 200) =>
        Bytes(Encoding.UTF8.GetBytes(body), contentType, status);

    /// <summary>
    /// <paramref name="length"/> bytes, streamed: <paramref name="prefix"/> (by default a PNG signature) then zeros.
    /// The Content-Length is declared, or left out (chunked) when <paramref name="declareLength"/> is false.
    /// </summary>
    public static HostileAnswer Huge(long length, string? contentType = "image/png", byte[]? prefix = null, bool declareLength = true)
    {
        var head = prefix ?? Png[..8];
        return new(200, contentType, NoHeaders, declareLength ? length : null, async (stream, cancel) =>
        {
            var sent = Math.Min(head.Length, length);
            await stream.WriteAsync(head.AsMemory(0, (int)sent), cancel);
            while (sent < length)
            {
                var count = (int)Math.Min(ChunkSize, length - sent);
                await stream.WriteAsync(Zeros.AsMemory(0, count), cancel);
                sent += count;
            }
        });
    }

    /// <summary>A chunked body that never ends: a PNG signature, then zeros until the client hangs up.</summary>
    public static HostileAnswer Endless(string? contentType = "image/png") =>
        new(200, contentType, NoHeaders, null, async (stream, cancel) =>
        {
            await stream.WriteAsync(Png.AsMemory(0, 8), cancel);
            while (!cancel.IsCancellationRequested)
            {
                await stream.WriteAsync(Zeros, cancel);
            }
        });

    /// <summary><paramref name="body"/> one byte at a time, flushed, every <paramref name="interval"/> (real time).</summary>
    public static HostileAnswer Slow(byte[] body, TimeSpan interval, string? contentType = "image/png", bool declareLength = true) =>
        new(200, contentType, NoHeaders, declareLength ? body.Length : null, async (stream, cancel) =>
        {
            for (var i = 0; i < body.Length; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(interval, cancel);
                }

                await stream.WriteAsync(body.AsMemory(i, 1), cancel);
                await stream.FlushAsync(cancel);
            }
        });

    /// <summary>A Content-Length of <paramref name="declaredLength"/> but only <paramref name="body"/> sent, then the connection is dropped.</summary>
    public static HostileAnswer Truncated(byte[] body, long declaredLength, string? contentType = "image/png") =>
        new(200, contentType, NoHeaders, declaredLength, async (stream, cancel) =>
        {
            await stream.WriteAsync(body, cancel);
            await stream.FlushAsync(cancel);
            throw new TruncatedBodyException();
        });

    /// <summary>A redirect (301, 302, 303, 307, 308) to <paramref name="location"/>, sent as given: file://, another host, a metadata address…</summary>
    public static HostileAnswer Redirect(string location, int status = 302) =>
        new(status, null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Location"] = location }, 0, (_, _) => Task.CompletedTask);

    /// <summary>Writes this answer to <paramref name="response"/>.</summary>
    internal async Task WriteAsync(HttpResponse response, CancellationToken cancel)
    {
        response.StatusCode = Status;
        if (ContentType is not null)
        {
            response.ContentType = ContentType;
        }

        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = ContentLength;
        await WriteBody(response.Body, cancel);
    }

    /// <summary>Thrown by a truncated body's writer: the server aborts the connection instead of finishing the answer.</summary>
    internal sealed class TruncatedBodyException() : Exception("The body is cut short on purpose.");
}
