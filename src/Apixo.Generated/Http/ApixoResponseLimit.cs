namespace Apixo.Generated.Http;

/// <summary>
/// Caps how much of an answer is read: an API answer is a small JSON envelope, and a hostile or broken server
/// (or a relay in between) must not make the client read an endless or huge body into memory. <see cref="ApixoCallHandler"/>
/// reads every attempt's answer into memory within the cap, under the attempt's timeout; an answer over the cap, or one
/// whose body breaks off, keeps its status and headers and fails to read, which the client reports as an unreadable answer.
/// </summary>
/// <remarks>
/// Every answer is buffered anyway: Refit buffers each one for its <c>IApiResponse</c> (and then finds it already done).
/// Reading it here, with <see cref="HttpContent.LoadIntoBufferAsync(long)"/>'s own limit, adds no copy; the wrapping
/// content and counting streams this replaced cost a copy of the headers and two objects on every chunked answer.
/// </remarks>
internal static class ApixoResponseLimit
{
    /// <summary>Reads <paramref name="response"/>'s body into memory; fails past <paramref name="maxBytes"/> (at once when its declared length is over).</summary>
#if NET9_0_OR_GREATER
    public static Task BufferAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken) =>
        response.Content.LoadIntoBufferAsync(maxBytes, cancellationToken);
#else
    public static async Task BufferAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        // .NET 8 has no overload that takes a token: a cancel (the caller's, or the attempt's timeout) disposes the content,
        // which ends the read, and the read's failure is reported as the cancel it was.
        using (cancellationToken.UnsafeRegister(static content => ((HttpContent)content!).Dispose(), response.Content))
        {
            try
            {
                await response.Content.LoadIntoBufferAsync(maxBytes).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The answer's body was being read when the call was cancelled.", exception, cancellationToken);
            }
        }
    }
#endif

    /// <summary>After <see cref="BufferAsync"/> failed with <paramref name="failure"/>: the body now fails to read, saying why.</summary>
    public static void MakeUnreadable(HttpResponseMessage response, Exception failure, long maxBytes)
    {
        // Over the limit, HttpContent throws an HttpRequestException of its own; a body that broke off is an I/O error inside one.
        // The reason has no inner exception: what reports it (Refit's error, then the client's message) reads the innermost one.
        var reason = failure switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => new IOException($"The answer is larger than MaxResponseBytes ({maxBytes} bytes)."),
            OperationCanceledException => new IOException("The answer's body did not come in time, or the call was cancelled while it came."),
            _ => new IOException("The answer broke off: " + failure.GetBaseException().Message),
        };
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
