using System.Net.Http.Json;
using System.Text.Json;
using Apixo.Generated.Serialization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// Submit + status against a loopback server: our client (Refit, resilience, typed results) beside a raw
/// HttpClient with the same source-generated JSON, in one run. Time and allocations, with the ratio.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ClientRoundTripBenchmarks
{
    private WebApplication _server = null!;
    private ApixoClient _client = null!;
    private HttpClient _raw = null!;
    private GenerateTaskRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/api/v1/generateTask/gpt-image-2", (HttpContext c) => c.Response.WriteAsync(LoopbackAnswers.Accepted));
        _server.MapGet("/api/v1/statusTask/gpt-image-2", (HttpContext c) => c.Response.WriteAsync(LoopbackAnswers.Done));
        _server.StartAsync().GetAwaiter().GetResult();
        var baseAddress = new Uri(_server.Urls.First() + "/api/v1/");
        _client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "bench", BaseAddress = new Uri(_server.Urls.First() + "/api/v1") });
        _raw = new HttpClient { BaseAddress = baseAddress };
        _raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "bench");
        _request = GptImage2.TextToImage("a lighthouse").WithResolution(Resolution.Res2K).Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> RawHttpClient()
    {
        using var submit = await _raw.PostAsync("generateTask/gpt-image-2", JsonContent.Create(_request, ApixoJsonContext.Default.GenerateTaskRequest));
        var accepted = await submit.Content.ReadFromJsonAsync(ApixoJsonContext.Default.GenerateTaskResponse);
        var status = await _raw.GetFromJsonAsync("statusTask/gpt-image-2?taskId=" + Uri.EscapeDataString(accepted!.Data.TaskId), ApixoJsonContext.Default.TaskStatusResponse);
        return status!.Data.ParseResultJson()!.ResultUrls.Count;
    }

    [Benchmark]
    public async Task<int> ApixoClientSubmitAndStatus()
    {
        var id = await _client.SubmitAsync(_request);
        var task = await _client.GetStatusAsync(id);
        return task.ResultUrls.Count;
    }
}
