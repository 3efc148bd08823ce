namespace Apixo.Generated.Http;

/// <summary>
/// Caps how much of an answer is read: an API answer is a small JSON envelope, and a hostile or broken server
/// (or a relay in between) must not make the client read an endless or huge body into memory. <see cref="ApixoCallHandler"/>
/// reads every attempt's answer into memory within the cap, under the attempt's timeout; an answer over the cap, or one
/// whose body breaks off, keeps its status and headers and fails to read, which the client reports as an unreadable answer.
/// </summary>
/// <remarks>
/// Every answer is buffered anyway: Refit buffers each one for its <c>IApiResponse</c> (and then finds it already done).
/// Reading it here, with <see cref="HttpContent.LoadIntoBufferAsync(long)"/>'s own limit, costs nothing more; the wrapping
/// content and counting streams this replaced cost a copy of the headers and two objects on every chunked answer.
/// </remarks>
internal static class ApixoResponseLimit
{
    /// <summary>Reads <paramref name="response"/>'s body into memory; fails past <paramref name="maxBytes"/> (at once when its declared length is over).</summary>
    public static Task BufferAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken) =>
#if NET9_0_OR_GREATER
        response.Content.LoadIntoBufferAsync(maxBytes, cancellationToken);
#else
        response.Content.LoadIntoBufferAsync(maxBytes);
#endif

    /// <summary>After <see cref="BufferAsync"/> failed with <paramref name="failure"/>: the body now fails to read, saying why.</summary>
    public static void MakeUnreadable(HttpResponseMessage response, Exception failure, long maxBytes)
    {
        // Over the limit, HttpContent throws an HttpRequestException of its own; a body that broke off is an I/O error inside one.
        // The reason has no inner exception: what reports it (Refit's error, then the client's message) reads the innermost one.
        var reason = failure is HttpRequestException { InnerException: null }
            ? new IOException($"The answer is larger than MaxResponseBytes ({maxBytes} bytes).")
            : new IOException("The answer broke off: " + failure.GetBaseException().Message);
        var unreadable = new UnreadableContent(reason);
        foreach (var header in response.Content.Headers.NonValidated)
        {
            unreadable.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        // Disposing the content closes a connection left in the middle of an endless body.
        response.Content.Dispose();
        response.Content = unreadable;
    }

    /// <summary>A body that fails to read with the reason it could not be read.</summary>
    private sealed class UnreadableContent(IOException reason) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => Task.FromException(reason);

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromException<Stream>(reason);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
