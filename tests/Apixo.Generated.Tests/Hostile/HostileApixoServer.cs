using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>
/// A fake APIXO that lies: Kestrel on 127.0.0.1 serving the contract's three operations under <c>/api/v1</c> with
/// scripted answers, and any number of "file" routes for result URLs (huge, endless, slow, truncated, redirecting,
/// not an image). Every request is recorded with its headers, so a test can prove what reached where.
/// </summary>
/// <example>
/// <code>
/// await using var server = await HostileApixoServer.StartAsync();
/// server.Serve("/files/a.png", HostileAnswer.Png, "image/png");
/// server.OnStatus(ApixoEnvelopes.Success("../../etc/x", server.UrlOf("/files/a.png").ToString()));
/// // ... run the client against server.BaseUrl ...
/// Assert.DoesNotContain(server.RequestsTo("/files/a.png"), request => request.HasAuthorization);
/// </code>
/// </example>
internal sealed class HostileApixoServer : IAsyncDisposable
{
    /// <summary>The API's base path, as in the contract's server URL.</summary>
    public const string ApiBasePath = "/api/v1";
    public const string SubmitPath = ApiBasePath + "/generateTask/gpt-image-2";
    public const string StatusPath = ApiBasePath + "/statusTask/gpt-image-2";
    public const string BalancePath = ApiBasePath + "/apikeys/current-balance";

    /// <summary>The task id of the default submit answer.</summary>
    public const string DefaultTaskId = "task_hostile_1";

    private const int MaxRecordedBody = 1024 * 1024;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, HostileAnswer> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Script _submit = new(HostileAnswer.Text(ApixoEnvelopes.Submitted(DefaultTaskId)));
    private readonly Script _status = new(HostileAnswer.Text(ApixoEnvelopes.Pending(DefaultTaskId)));
    private readonly Script _balance = new(HostileAnswer.Text(ApixoEnvelopes.Balance(12.5m)));
    private long _bytesServed;

    private HostileApixoServer(WebApplication app) => _app = app;

    /// <summary>Starts the server on a free port of 127.0.0.1.</summary>
    public static async Task<HostileApixoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Clients hang up mid-body on purpose here: Kestrel's complaints about it are noise.
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new HostileApixoServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>The API's base URL, with a trailing slash: <c>http://127.0.0.1:PORT/api/v1/</c>.</summary>
    public Uri BaseUrl => new(Root, ApiBasePath + "/");

    /// <summary>The absolute URL of <paramref name="path"/> on this server ("/files/a.png" or "files/a.png"; a query may follow).</summary>
    public Uri UrlOf(string path) => new(Root, path.StartsWith('/') ? path : "/" + path);

    /// <summary>Every request so far, in the order they arrived.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The bytes of response bodies written so far (those of endless bodies included, up to the hang-up).</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>The requests to <paramref name="path"/> (compared without the query, ordinal).</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => [.. _requests.Where(request => request.Path == path)];

    /// <summary>Answers submits with <paramref name="answers"/> in order; the last repeats. By default: accepted as <see cref="DefaultTaskId"/>.</summary>
    public HostileApixoServer OnSubmit(params HostileAnswer[] answers) => Set(_submit, answers);

    /// <summary>Answers submits with <paramref name="status"/> and <paramref name="body"/> as given.</summary>
    public HostileApixoServer OnSubmit(int status, string body, string contentType = "application/json") => OnSubmit(HostileAnswer.Text(body, contentType, status));

    /// <summary>Answers status calls with <paramref name="answers"/> in order; the last repeats. By default: pending.</summary>
    public HostileApixoServer OnStatus(params HostileAnswer[] answers) => Set(_status, answers);

    /// <summary>Answers status calls with <paramref name="bodies"/> (HTTP 200, JSON) in order; the last repeats.</summary>
    public HostileApixoServer OnStatus(params string[] bodies) => OnStatus([.. bodies.Select(body => HostileAnswer.Text(body))]);

    /// <summary>Answers balance calls with <paramref name="answers"/> in order; the last repeats. By default: 12.5.</summary>
    public HostileApixoServer OnBalance(params HostileAnswer[] answers) => Set(_balance, answers);

    /// <summary>Serves <paramref name="answer"/> on <paramref name="path"/> for any method.</summary>
    public HostileApixoServer Serve(string path, HostileAnswer answer)
    {
        _files[Normalize(path)] = answer;
        return this;
    }

    /// <summary>Serves <paramref name="bytes"/> as <paramref name="contentType"/> on <paramref name="path"/>.</summary>
    public HostileApixoServer Serve(string path, byte[] bytes, string? contentType) => Serve(path, HostileAnswer.Bytes(bytes, contentType));

    /// <summary>Serves <paramref name="length"/> bytes, streamed (a PNG signature, then zeros).</summary>
    public HostileApixoServer ServeHuge(string path, long length, string? contentType = "image/png", bool declareLength = true) =>
        Serve(path, HostileAnswer.Huge(length, contentType, declareLength: declareLength));

    /// <summary>Serves a body that never ends.</summary>
    public HostileApixoServer ServeEndless(string path, string? contentType = "image/png") => Serve(path, HostileAnswer.Endless(contentType));

    /// <summary>Serves <paramref name="bytes"/> a byte every <paramref name="interval"/>.</summary>
    public HostileApixoServer ServeSlow(string path, byte[] bytes, TimeSpan interval, string? contentType = "image/png") =>
        Serve(path, HostileAnswer.Slow(bytes, interval, contentType));

    /// <summary>Redirects <paramref name="path"/> to <paramref name="location"/> with <paramref name="status"/>.</summary>
    public HostileApixoServer Redirect(string path, string location, int status = 302) => Serve(path, HostileAnswer.Redirect(location, status));

    /// <summary>Serves an HTML page on <paramref name="path"/>, by default claiming to be a PNG.</summary>
    public HostileApixoServer ServeHtml(string path, string contentType = "image/png") => Serve(path, HostileAnswer.Text(HostileAnswer.Html, contentType));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Uri Root => new(_app.Urls.First());

    private static string Normalize(string path) => path.StartsWith('/') ? path : "/" + path;

    private HostileApixoServer Set(Script script, HostileAnswer[] answers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(answers.Length);
        script.Replace(answers);
        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        _requests.Enqueue(new RecordedRequest(
            request.Method,
            request.Path.Value ?? string.Empty,
            request.QueryString.Value ?? string.Empty,
            request.Headers.ToDictionary(header => header.Key, header => header.Value.Select(value => value ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase),
            await ReadBodyAsync(request, context.RequestAborted),
            context.Connection.RemoteIpAddress is { } address ? new IPEndPoint(address, context.Connection.RemotePort) : null));

        var answer = (request.Method, request.Path.Value) switch
        {
            ("POST", SubmitPath) => _submit.Next(),
            ("GET", StatusPath) => _status.Next(),
            ("GET", BalancePath) => _balance.Next(),
            (_, { } path) when _files.TryGetValue(path, out var file) => file,
            _ => HostileAnswer.Text(ApixoEnvelopes.Error(404, "No such route on the hostile server"), status: 404),
        };

        var counting = new CountingStream(context.Response.Body, this);
        context.Response.Body = counting;
        try
        {
            await answer.WriteAsync(context.Response, context.RequestAborted);
        }
        catch (HostileAnswer.TruncatedBodyException)
        {
            context.Abort();
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client hung up: for an endless or slow body, that is the point.
        }
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancel)
    {
        var buffer = new byte[MaxRecordedBody];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), cancel)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>Answers in order; the last one repeats. Thread safe.</summary>
    private sealed class Script(HostileAnswer first)
    {
        private readonly object _gate = new();
        private HostileAnswer[] _answers = [first];
        private int _next;

        public void Replace(HostileAnswer[] answers)
        {
            lock (_gate)
            {
                (_answers, _next) = ([.. answers], 0);
            }
        }

        public HostileAnswer Next()
        {
            lock (_gate)
            {
                return _answers[Math.Min(_next++, _answers.Length - 1)];
            }
        }
    }

    /// <summary>Counts what is written to a response body into <see cref="BytesServed"/>.</summary>
    private sealed class CountingStream(Stream inner, HostileApixoServer server) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Bodies are written asynchronously.");

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Interlocked.Add(ref server._bytesServed, buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
