using Apixo.Generated.Http;
using Apixo.Generated.Resilience;
using Apixo.Generated.Serialization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// Where the client's per-call overhead goes: the same submit + status through the client's layers added one at a
/// time (Refit alone, then the key, then the answer cap, then the client's whole handler with retries and timeouts,
/// then the whole <see cref="ApixoClient"/>), beside the raw HttpClient, in one run.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoopbackConfig.Overhead))]
public class ClientOverheadBenchmarks
{
    private IAsyncDisposable? _server;
    private HttpClient _raw = null!;
    private IApixoApi _refit = null!;
    private IApixoApi _refitAuth = null!;
    private IApixoApi _refitAuthLimit = null!;
    private IApixoApi _refitAll = null!;
    private ApixoClient _client = null!;
    private GenerateTaskRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = LoopbackAnswers.Root(out _server);
        var options = new ApixoClientOptions { ApiKey = "bench", BaseAddress = new Uri(root + "/api/v1") };

        _raw = new HttpClient { BaseAddress = new Uri(root + "/api/v1/") };
        _raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "bench");
        _refit = Refit(new SocketsHttpHandler());
        _refitAuth = Refit(new ApixoAuthorizationHandler("bench") { InnerHandler = new SocketsHttpHandler() });
        _refitAuthLimit = Refit(new ApixoAuthorizationHandler("bench") { InnerHandler = new ResponseLimitOnly(options.MaxResponseBytes) { InnerHandler = new SocketsHttpHandler() } });
        _refitAll = Refit(ApixoResilience.CreateHandler(options, TimeProvider.System, NullLogger.Instance, new SocketsHttpHandler()));
        _client = ApixoClient.Create(options);
        _request = GptImage2.TextToImage("a lighthouse").WithResolution(Resolution.Res2K).Build();

        IApixoApi Refit(HttpMessageHandler handler) => ApixoApiFactory.Create(new HttpClient(handler) { BaseAddress = options.BaseAddress, Timeout = Timeout.InfiniteTimeSpan });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<int> Raw() => RawCalls.SubmitAndStatusAsync(_raw, _request);

    [Benchmark]
    public Task<int> Refit() => Through(_refit);

    [Benchmark]
    public Task<int> RefitAuth() => Through(_refitAuth);

    [Benchmark]
    public Task<int> RefitAuthLimit() => Through(_refitAuthLimit);

    [Benchmark]
    public Task<int> RefitCallHandler() => Through(_refitAll);

    [Benchmark]
    public Task<int> Client() => RawCalls.SubmitAndStatusAsync(_client, _request);

    private Task<int> Through(IApixoApi api) => RawCalls.SubmitAndStatusAsync(api, _request);

    /// <summary>The answer cap alone, as a handler of its own (the client applies it inside its one handler).</summary>
    internal sealed class ResponseLimitOnly(long maxBytes) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            await ApixoResponseLimit.BufferAsync(response, maxBytes, cancellationToken);
            return response;
        }
    }
}
