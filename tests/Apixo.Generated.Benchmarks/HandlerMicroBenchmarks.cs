using Apixo.Generated.Http;
using Apixo.Generated.Resilience;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// One GET through each part of the client's handling alone, over a handler that answers at once: what each adds. The Polly
/// pipelines are what the client used before its own handler, for comparison.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class HandlerMicroBenchmarks
{
    private static readonly Uri Address = new("http://127.0.0.1/api/v1/statusTask/gpt-image-2?taskId=task_bench");
    private readonly ApixoClientOptions _options = new() { ApiKey = "bench" };
    private HttpMessageInvoker _bare = null!;
    private HttpMessageInvoker _auth = null!;
    private HttpMessageInvoker _limit = null!;
    private HttpMessageInvoker _emptyPipeline = null!;
    private HttpMessageInvoker _timeout = null!;
    private HttpMessageInvoker _retry = null!;
    private HttpMessageInvoker _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = new HttpMessageInvoker(new Answering());
        _auth = new HttpMessageInvoker(new ApixoAuthorizationHandler("bench") { InnerHandler = new Answering() });
        _limit = new HttpMessageInvoker(new ClientOverheadBenchmarks.ResponseLimitOnly(_options.MaxResponseBytes) { InnerHandler = new Answering() });
        _emptyPipeline = Pipeline(_ => { });
        _timeout = Pipeline(b => b.AddTimeout(_options.AttemptTimeout));
        _retry = Pipeline(b => b.AddRetry(new HttpRetryStrategyOptions()));
        _full = new HttpMessageInvoker(ApixoResilience.CreateHandler(_options, TimeProvider.System, NullLogger.Instance, new Answering()));

        static HttpMessageInvoker Pipeline(Action<ResiliencePipelineBuilder<HttpResponseMessage>> configure)
        {
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
            configure(builder);
            return new HttpMessageInvoker(new ResilienceHandler(builder.Build()) { InnerHandler = new Answering() });
        }
    }

    [Benchmark(Baseline = true)]
    public Task<int> Bare() => Send(_bare);

    [Benchmark]
    public Task<int> Authorization() => Send(_auth);

    [Benchmark]
    public Task<int> ResponseLimit() => Send(_limit);

    [Benchmark]
    public Task<int> EmptyPipeline() => Send(_emptyPipeline);

    [Benchmark]
    public Task<int> TimeoutOnly() => Send(_timeout);

    [Benchmark]
    public Task<int> RetryOnly() => Send(_retry);

    [Benchmark]
    public Task<int> CallHandler() => Send(_full);

    private static async Task<int> Send(HttpMessageInvoker invoker)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Address);
        using var response = await invoker.SendAsync(request, CancellationToken.None);
        var body = await response.Content.ReadAsStreamAsync();
        return (int)response.StatusCode + body.Read(new byte[64]);
    }

    /// <summary>
    /// Answers 200 with a small body of no declared length (as the loopback server's chunked answers), after a yield
    /// so that every await above it really suspends, as on a socket.
    /// </summary>
    private sealed class Answering : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new UnknownLength()) };
        }

        private sealed class UnknownLength() : MemoryStream(System.Text.Encoding.UTF8.GetBytes(LoopbackAnswers.Done))
        {
            public override bool CanSeek => false;
        }
    }
}
