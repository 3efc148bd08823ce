using System.Net;
using Apixo.Generated.Http;
using Apixo.Generated.Resilience;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The client-side cost of submit + status alone: the same layers as <see cref="ClientOverheadBenchmarks"/>, over a
/// handler that answers in memory (after a yield, as a socket would), so that no server and no socket share the cores.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SlowBuildConfig))]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class ClientInMemoryBenchmarks
{
    private static readonly Uri Root = new("http://127.0.0.1:5555/api/v1");
    private HttpClient _raw = null!;
    private IApixoApi _refit = null!;
    private IApixoApi _refitAll = null!;
    private ApixoClient _client = null!;
    private GenerateTaskRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new ApixoClientOptions { ApiKey = "bench", BaseAddress = Root };
        _raw = new HttpClient(new Answering()) { BaseAddress = new Uri(Root + "/") };
        _raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "bench");
        _refit = ApixoApiFactory.Create(new HttpClient(new Answering()) { BaseAddress = Root });
        _refitAll = ApixoApiFactory.Create(new HttpClient(ApixoResilience.CreateHandler(options, TimeProvider.System, NullLogger.Instance, new Answering())) { BaseAddress = Root, Timeout = Timeout.InfiniteTimeSpan });
        _client = new ApixoClient(_refitAll, Microsoft.Extensions.Options.Options.Create(options));
        _request = GptImage2.TextToImage("a lighthouse").WithResolution(Resolution.Res2K).Build();
    }

    [Benchmark(Baseline = true)]
    public Task<int> Raw() => RawCalls.SubmitAndStatusAsync(_raw, _request);

    [Benchmark]
    public Task<int> Refit() => Through(_refit);

    [Benchmark]
    public Task<int> RefitCallHandler() => Through(_refitAll);

    [Benchmark]
    public Task<int> Client() => RawCalls.SubmitAndStatusAsync(_client, _request);

    private Task<int> Through(IApixoApi api) => RawCalls.SubmitAndStatusAsync(api, _request);

    private sealed class Answering : HttpMessageHandler
    {
        private static readonly byte[] Accepted = System.Text.Encoding.UTF8.GetBytes(LoopbackAnswers.Accepted);
        private static readonly byte[] Done = System.Text.Encoding.UTF8.GetBytes(LoopbackAnswers.Done);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken);
            }

            await Task.Yield();
            var body = request.Method == HttpMethod.Post ? Accepted : Done;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(body, writable: false)) { Headers = { ContentType = new("application/json") } } };
        }
    }
}
