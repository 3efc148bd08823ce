using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Apixo.Generated.Cli;

/// <summary>What became of one result URL.</summary>
internal sealed record DownloadOutcome(Uri Url, string? File, string? Problem, bool Refused)
{
    public bool Saved => File is not null;
}

/// <summary>A result URL the CLI will not fetch: its scheme, its address or its number.</summary>
internal sealed class DownloadRefusedException(string message) : Exception(message);

/// <summary>
/// Fetches result images with one HttpClient and no trust in the server: only http(s) as allowed, no private
/// addresses unless the API itself is on loopback (checked on the address actually connected, so DNS rebinding
/// does not get around it), redirects followed by hand and checked at each hop, a connect timeout, a deadline
/// per download, a size cap counted while streaming to disk, and the image format read from the bytes.
/// It never carries the API key: result URLs are public.
/// </summary>
internal sealed class ResultDownloader : IDisposable
{
    private readonly HttpClient _http;
    private readonly DownloadLimits _limits;
    private readonly bool _apiIsLocal;
    private readonly TimeProvider _time;

    /// <param name="limits">The bounds.</param>
    /// <param name="apiIsLocal">The API is on loopback (the sandbox): http and local addresses are allowed, as its results are there.</param>
    /// <param name="time">Real time for the deadlines (downloads cross a real network even when the API's clock is sped up).</param>
    public ResultDownloader(DownloadLimits limits, bool apiIsLocal, TimeProvider? time = null)
    {
        _limits = limits;
        _apiIsLocal = apiIsLocal;
        _time = time ?? TimeProvider.System;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A proxy would be the address connected, and the SSRF check would judge the proxy, not the host.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = limits.ConnectTimeout,
            MaxResponseHeadersLength = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("apixo-cli", typeof(ResultDownloader).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    /// <summary>
    /// Saves the image at <paramref name="url"/> in <paramref name="folder"/> as <c>stem-index.ext</c>. Failures are
    /// returned, not thrown; only the caller's cancellation throws.
    /// </summary>
    public async Task<DownloadOutcome> DownloadAsync(Uri url, OutputFolder folder, string stem, int index, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_limits.DownloadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var file = await FetchAsync(url, folder, stem, index, linked.Token).ConfigureAwait(false);
            return new DownloadOutcome(url, file, null, false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new DownloadOutcome(url, null, $"it took longer than {_limits.DownloadTimeout.TotalSeconds:0.###} s (--download-timeout)", false);
        }
        catch (DownloadRefusedException refused)
        {
            return new DownloadOutcome(url, null, refused.Message, true);
        }
        catch (HttpRequestException exception) when (Find<DownloadRefusedException>(exception) is { } refused)
        {
            return new DownloadOutcome(url, null, refused.Message, true);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // An OperationCanceledException here is the connect timeout.
            return new DownloadOutcome(url, null, Describe(exception), false);
        }
    }

    /// <summary>Refuses a URL the CLI will not fetch, before any connection: its scheme, credentials or a literal address.</summary>
    public void CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            throw new DownloadRefusedException("it is not an absolute URL");
        }

        var scheme = url.Scheme;
        if (scheme != Uri.UriSchemeHttps && !(scheme == Uri.UriSchemeHttp && _apiIsLocal))
        {
            throw new DownloadRefusedException(_apiIsLocal
                ? $"its scheme '{TerminalText.Escape(scheme, 16)}' is not http or https"
                : $"its scheme '{TerminalText.Escape(scheme, 16)}' is not https (http only when the API is on loopback)");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new DownloadRefusedException("it carries a user name or password");
        }

        if (!_apiIsLocal && (url.IsLoopback || (IPAddress.TryParse(url.IdnHost, out var literal) && !NetworkAddress.IsPublic(literal))))
        {
            throw new DownloadRefusedException("its host is a loopback, private, link-local or metadata address");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> FetchAsync(Uri url, OutputFolder folder, string stem, int index, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            CheckUrl(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (IsRedirect(response.StatusCode))
            {
                if (hop >= _limits.MaxRedirects)
                {
                    throw new IOException($"more than {_limits.MaxRedirects} redirects (--max-redirects)");
                }

                url = response.Headers.Location is { } location
                    ? (location.IsAbsoluteUri ? location : new Uri(url, location))
                    : throw new IOException($"a redirect ({(int)response.StatusCode}) without a Location");
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new IOException($"the server answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > _limits.MaxBytes)
            {
                throw new IOException($"it is {response.Content.Headers.ContentLength} bytes, over the {_limits.MaxBytes}-byte limit (--max-image-bytes)");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                return await SaveAsync(body, folder, stem, index, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The first bytes decide the format before a file exists; the rest is streamed to disk while counted.
    private async Task<string> SaveAsync(Stream body, OutputFolder folder, string stem, int index, CancellationToken cancellationToken)
    {
        var head = new byte[ImageFormat.SniffLength];
        var headLength = await body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var format = ImageFormat.Sniff(head.AsSpan(0, headLength))
            ?? throw new IOException(headLength == 0 ? "the body is empty" : "the body is not a PNG, JPEG or WebP image");

        var pending = folder.CreatePending(stem);
        await using (pending.ConfigureAwait(false))
        {
            await pending.Stream.WriteAsync(head.AsMemory(0, headLength), cancellationToken).ConfigureAwait(false);
            long total = headLength;
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > _limits.MaxBytes)
                    {
                        throw new IOException($"it is over the {_limits.MaxBytes}-byte limit (--max-image-bytes)");
                    }

                    await pending.Stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return await pending.CommitAsync(stem, index, format, cancellationToken).ConfigureAwait(false);
        }
    }

    // The SSRF rule on the address really connected: the host is resolved here once, and only a public
    // address is dialled (any address when the API itself is on loopback).
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = _apiIsLocal ? addresses : addresses.Where(NetworkAddress.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new DownloadRefusedException($"its host {TerminalText.Escape(endPoint.Host, 255)} resolves only to loopback, private, link-local or metadata addresses");
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                if (!_apiIsLocal && (socket.RemoteEndPoint is not IPEndPoint connected || !NetworkAddress.IsPublic(connected.Address)))
                {
                    throw new DownloadRefusedException("the connection reached a loopback, private, link-local or metadata address");
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception exception) when (exception is SocketException or DownloadRefusedException)
            {
                socket.Dispose();
                last = exception;
                if (exception is DownloadRefusedException)
                {
                    throw;
                }
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => "the connection timed out (--connect-timeout)",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "its host could not be resolved",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "its host could not be reached",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS connection failed",
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the connection closed early",
        IOException or UnauthorizedAccessException => exception.Message,
        _ => TerminalText.Escape(exception.Message, 300),
    };
}
