using System.Net;

namespace Apixo.Generated.Http;

/// <summary>
/// Caps how much of an answer is read: an API answer is a small JSON envelope, and a hostile or broken server
/// (or a relay in between) must not make the client read an endless or huge body into memory. A body over the
/// cap fails to read, which the client reports as an unreadable answer.
/// </summary>
internal sealed class ApixoResponseLimitHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!BoundByFraming(response))
        {
            response.Content = new LimitedContent(response.Content, maxBytes);
        }

        return response;
    }

    /// <summary>
    /// Whether the body cannot pass the cap anyway: an HTTP/1.x answer that declares a length within it. HttpClient
    /// reads such a body to its declared length and no further, so there is nothing to wrap (wrapping costs a copy of
    /// the content headers and a stream on every call). A decompressed body drops its Content-Length, and chunked,
    /// endless or over-long answers are wrapped as before.
    /// </summary>
    private bool BoundByFraming(HttpResponseMessage response) =>
        response.Version.Major == 1 && response.Content.Headers.ContentLength is { } length && length <= maxBytes;

    /// <summary>The inner content with its headers, read through a stream that fails past the cap.</summary>
    private sealed class LimitedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _maxBytes;

        public LimitedContent(HttpContent inner, long maxBytes)
        {
            _inner = inner;
            _maxBytes = maxBytes;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
        {
            if (_inner.Headers.ContentLength > _maxBytes)
            {
                throw TooLarge();
            }

            return new LimitedStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _maxBytes);
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private IOException TooLarge() => new($"The answer is larger than MaxResponseBytes ({_maxBytes} bytes).");

        private sealed class LimitedStream(Stream inner, long maxBytes) : Stream
        {
            private long _read;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => _read; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
                Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }

            private int Count(int read)
            {
                _read += read;
                return _read > maxBytes ? throw new IOException($"The answer is larger than MaxResponseBytes ({maxBytes} bytes).") : read;
            }
        }
    }
}
