using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Apixo.Generated.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Apixo.Generated.Tests.TestSupport;

/// <summary>
/// A webhook receiver on Kestrel (127.0.0.1) confirming with a client pointed at <c>apiBase</c>; records each
/// task its handler gets, with the time it got it.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string Path = "/hooks/apixo";
    public const string ApiKey = "sk-live-SECRET-4242";

    private readonly WebApplication _app;
    private readonly Channel<(GenerationTask Task, long At)> _handled = Channel.CreateUnbounded<(GenerationTask, long)>();
    private int _handledCount;

    private WebhookHost(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First() + Path);

    public int HandledCount => Volatile.Read(ref _handledCount);

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    public static async Task<WebhookHost> StartAsync(Uri apiBase, Action<ApixoWebhookOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddFakeLogging(options => options.CollectRecordsForDisabledLogLevels = true);
        builder.Services.AddApixoClient(options =>
        {
            options.ApiKey = ApiKey;
            options.BaseAddress = apiBase;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
        });
        builder.Services.AddApixoWebhooks(configure);
        services?.Invoke(builder.Services);
        var host = new WebhookHost(builder.Build());
        host._app.MapApixoWebhook(Path, async (task, cancellationToken) =>
        {
            Interlocked.Increment(ref host._handledCount);
            await host._handled.Writer.WriteAsync((task, Stopwatch.GetTimestamp()), cancellationToken);
        });
        await host._app.StartAsync();
        return host;
    }

    /// <summary>The next task handled, with the <see cref="Stopwatch"/> timestamp of the handler's call; null after <paramref name="wait"/>.</summary>
    public async Task<(GenerationTask Task, long At)?> NextHandledAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _handled.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>An HttpClient whose connections come from <paramref name="local"/> (any 127.x.y.z is loopback on Linux): another source.</summary>
    public static HttpClient ClientFrom(IPAddress local, int connections = 64) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });

    public static StringContent Callback(string taskId, string state = "success") =>
        new($$$"""{"code":200,"data":{"taskId":"{{{taskId}}}","state":"{{{state}}}"}}""", Encoding.UTF8, "application/json");

    /// <summary>
    /// Answers every status call about the task it asks for, with the state <paramref name="stateOf"/> gives its id,
    /// after <paramref name="delayMs"/>.
    /// </summary>
    public static void AnswerStatus(WireMockServer server, Func<string, string> stateOf, int delayMs = 0)
    {
        var response = Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithBody(request =>
            {
                var id = TaskIdOf(request.Query);
                var state = stateOf(id);
                var result = state == "success" ? ",\"resultJson\":\"{\\\"resultUrls\\\":[\\\"https://cdn.example.com/" + id + ".png\\\"]}\"" : string.Empty;
                return $$$"""{"code":200,"data":{"taskId":"{{{id}}}","state":"{{{state}}}"{{{result}}}}}""";
            });
        server.Given(Request.Create().WithPath("/api/v1/statusTask/gpt-image-2").UsingGet())
            .RespondWith(delayMs > 0 ? response.WithDelay(delayMs) : response);
    }

    /// <summary>Status calls the server received, per task id.</summary>
    public static Dictionary<string, int> StatusCalls(WireMockServer server) =>
        server.LogEntries
            .Where(entry => entry.RequestMessage.Path == "/api/v1/statusTask/gpt-image-2")
            .GroupBy(entry => TaskIdOf(entry.RequestMessage.Query))
            .ToDictionary(group => group.Key, group => group.Count());

    private static string TaskIdOf(IDictionary<string, WireMock.Types.WireMockList<string>>? query) =>
        query is not null && query.TryGetValue("taskId", out var values) ? values[0] : "(none)";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
