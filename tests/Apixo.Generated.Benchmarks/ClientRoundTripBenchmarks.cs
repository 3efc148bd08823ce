using System.Net.Http.Headers;
using System.Text.Json;
using Apixo.Generated.Serialization;
using BenchmarkDotNet.Attributes;
using Standard = Apixo.Generated.Benchmarks.NSwagStandard;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// Submit + status against a loopback server, side by side in one run: a raw HttpClient with the client's
/// source-generated JSON (the floor), NSwag's standard generated client for the same contract (what a user would
/// otherwise pick), and our client (Refit, retries and timeouts, authorization, the response limit, typed results).
/// Each reads the task's result URLs. Time and allocations, with the ratios to the raw HttpClient.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoopbackConfig.RoundTrip))]
public class ClientRoundTripBenchmarks
{
    private static readonly JsonSerializerOptions StandardJson = new();

    private IAsyncDisposable? _server;
    private ApixoClient _client = null!;
    private HttpClient _raw = null!;
    private HttpClient _standardHttp = null!;
    private Standard.NSwagApixoClient _standard = null!;
    private GenerateTaskRequest _request = null!;
    private Standard.GenerateTaskRequest _standardRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = LoopbackAnswers.Root(out _server);
        var baseAddress = new Uri(root + "/api/v1/");
        _client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "bench", BaseAddress = new Uri(root + "/api/v1") });
        _raw = new HttpClient { BaseAddress = baseAddress };
        _raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench");
        _request = GptImage2.TextToImage("a lighthouse").WithResolution(Resolution.Res2K).Build();

        // NSwag's client leaves authentication to the HttpClient, as its documentation shows.
        _standardHttp = new HttpClient { BaseAddress = baseAddress };
        _standardHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench");
        _standard = new Standard.NSwagApixoClient(_standardHttp);
        _standardRequest = new Standard.GenerateTaskRequest
        {
            Request_type = Standard.RequestType.Async,
            Input = new Standard.TextToImageInput { Prompt = "a lighthouse", Resolution = Standard.Resolution.Res2K },
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _standardHttp.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<int> RawHttpClient() => RawCalls.SubmitAndStatusAsync(_raw, _request);

    [Benchmark]
    public async Task<int> NSwagClient()
    {
        var accepted = await _standard.GenerateTaskAsync(_standardRequest);
        var status = await _standard.GetTaskStatusAsync(accepted.Data.TaskId);
        return JsonSerializer.Deserialize<Standard.TaskResult>(status.Data.ResultJson, StandardJson)!.ResultUrls.Count;
    }

    [Benchmark]
    public Task<int> ApixoClientSubmitAndStatus() => RawCalls.SubmitAndStatusAsync(_client, _request);
}
