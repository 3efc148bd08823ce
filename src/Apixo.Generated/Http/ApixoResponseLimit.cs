using System.Net;
using System.Runtime.CompilerServices;

namespace Apixo.Generated.Http;

/// <summary>
/// Caps how much of an answer is read: an API answer is a small JSON envelope, and a hostile or broken server
/// (or a relay in between) must not make the client read an endless or huge body into memory. A body over the
/// cap fails to read, which the client reports as an unreadable answer. <see cref="ApixoCallHandler"/> applies it
/// to every attempt's answer.
/// </summary>
internal static class ApixoResponseLimit
{
    /// <summary>Makes <paramref name="response"/>'s body fail to read past <paramref name="maxBytes"/>.</summary>
    public static void Apply(HttpResponseMessage response, long maxBytes)
    {
        if (!BoundByFraming(response, maxBytes))
        {
            response.Content = new LimitedContent(response.Content, maxBytes);
        }
    }

    /// <summary>
    /// Whether the body cannot pass the cap anyway: an HTTP/1.x answer that declares a length within it. HttpClient
    /// reads such a body to its declared length and no further, so there is nothing to wrap (wrapping costs a copy of
    /// the content headers and a stream on every call). A decompressed body drops its Content-Length, and chunked,
    /// endless or over-long answers are wrapped.
    /// </summary>
    private static bool BoundByFraming(HttpResponseMessage response, long maxBytes) =>
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

            // NonValidated: the headers as received, without parsing them or building a string array for each.
            foreach (var header in inner.Headers.NonValidated)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        // Refit buffers every answer (HttpContent.LoadIntoBufferAsync lands here): the inner content copies itself into
        // the buffer through a counting stream, with no stream of ours to read from and no copy loop of ours.
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _inner.Headers.ContentLength > _maxBytes
                ? Task.FromException(TooLarge())
                : _inner.CopyToAsync(new CappedWriteStream(stream, _maxBytes), context, cancellationToken);

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

        /// <summary>Writes through to the buffer, and fails once more than the cap has come.</summary>
        private sealed class CappedWriteStream(Stream target, long maxBytes) : Stream
        {
            private long _written;

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => _written; set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count)
            {
                Count(count);
                target.Write(buffer, offset, count);
            }

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                Count(buffer.Length);
                target.Write(buffer);
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Count(buffer.Length);
                return target.WriteAsync(buffer, cancellationToken);
            }

            public override void Flush() => target.Flush();

            public override Task FlushAsync(CancellationToken cancellationToken) => target.FlushAsync(cancellationToken);

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            private void Count(int count)
            {
                _written += count;
                if (_written > maxBytes)
                {
                    throw new IOException($"The answer is larger than MaxResponseBytes ({maxBytes} bytes).");
                }
            }
        }

        private sealed class LimitedStream(Stream inner, long maxBytes) : Stream
        {
            private long _read;

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => _read; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var reading = inner.ReadAsync(buffer, cancellationToken);
                return reading.IsCompletedSuccessfully ? new ValueTask<int>(Count(reading.Result)) : CountWhenRead(reading);
            }

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

            // Pooled: a read that waits for the network does not allocate its state machine on every call.
            [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
            private async ValueTask<int> CountWhenRead(ValueTask<int> reading) => Count(await reading.ConfigureAwait(false));

            private int Count(int read)
            {
                _read += read;
                return _read > maxBytes ? throw new IOException($"The answer is larger than MaxResponseBytes ({maxBytes} bytes).") : read;
            }
        }
    }
}
