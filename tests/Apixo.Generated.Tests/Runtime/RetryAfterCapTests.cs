using System.Net;
using Apixo.Generated.Http;
using Apixo.Generated.Resilience;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>
/// Retry-After is honoured up to <see cref="ApixoClientOptions.MaxRetryDelay"/>, however large or strange the
/// value. The client's real handler chain runs on a clock that jumps, over an in-memory server, so every wait is
/// seen to the second and no test waits for real.
/// </summary>
public sealed class RetryAfterCapTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string Pending = """{"code":200,"message":"success","data":{"taskId":"task_1","state":"pending"}}""";
    private const string Accepted = """{"code":200,"message":"success","data":{"taskId":"task_1"}}""";
    private const string TooMany = """{"code":429,"message":"slow down","data":null}""";

    private readonly FakeLogger _logger = new();

    [Theory]
    [InlineData("120")]
    [InlineData("61")]
    [InlineData("999999999")]
    [InlineData("2147483647")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    public async Task A_Retry_After_beyond_the_cap_waits_the_cap_and_retries(string retryAfter)
    {
        var server = new InMemoryServer(Answer429(retryAfter), Answer429(retryAfter), Answer429(retryAfter), AnswerOk(Pending));

        var task = await server.Clock.RunAsync(Client(server, o => o.TotalTimeout = TimeSpan.FromMinutes(10)).GetStatusAsync("task_1"));

        Assert.Equal(TaskState.Pending, task.State);
        Assert.Equal([0.0, 60, 120, 180], server.Seconds);
        Assert.Equal([TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60)], RetryDelays());
    }

    [Fact]
    public async Task A_Retry_After_under_the_cap_is_waited_in_full()
    {
        var server = new InMemoryServer(Answer429("45"), Answer429("7"), AnswerOk(Pending));

        await server.Clock.RunAsync(Client(server).GetStatusAsync("task_1"));

        Assert.Equal([0.0, 45, 52], server.Seconds);
    }

    [Fact]
    public async Task The_cap_is_MaxRetryDelay_as_configured()
    {
        var server = new InMemoryServer(Answer429("120"), AnswerOk(Pending));

        await server.Clock.RunAsync(Client(server, o => o.MaxRetryDelay = TimeSpan.FromSeconds(5)).GetStatusAsync("task_1"));

        Assert.Equal([0.0, 5], server.Seconds);
        Assert.Contains(_logger.Collector.GetSnapshot(), record => record.Id.Id == 1020 && record.Message.Contains("after 00:00:05", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("99999999999")] // past Int32: the header parser rejects it
    [InlineData("1e9")]
    [InlineData("0")]
    [InlineData("Thu, 01 Jan 1970 00:00:00 GMT")]
    public async Task A_Retry_After_that_is_no_usable_hint_gets_the_normal_backoff_and_the_retries(string retryAfter)
    {
        var server = new InMemoryServer(Answer429(retryAfter), Answer429(retryAfter), Answer429(retryAfter), AnswerOk(Pending));

        await server.Clock.RunAsync(Client(server).GetStatusAsync("task_1"));

        // Backoff from a 1 s base, with jitter: a few seconds, never the cap.
        Assert.Equal(4, server.Seconds.Count);
        Assert.All(server.Seconds.Zip(server.Seconds.Skip(1), (before, after) => after - before), gap => Assert.InRange(gap, 0.0, 30));
    }

    [Fact]
    public async Task With_the_default_budget_a_retry_that_the_total_timeout_would_cut_is_not_made_and_the_429_is_reported()
    {
        // 3 min in all: attempts at 0, 60 and 120 s; a fourth would come at 180 s, when the call is over.
        var server = new InMemoryServer(Answer429("120"));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => server.Clock.RunAsync(Client(server).GetStatusAsync("task_1")));

        Assert.Equal((429, ApixoErrorKind.RateLimited, "slow down"), (error.Status, error.Kind, error.ServerMessage));
        Assert.Equal([0.0, 60, 120], server.Seconds);
        Assert.Contains(_logger.Collector.GetSnapshot(), record => record.Id.Id == 1021);
    }

    [Fact]
    public async Task A_submit_refused_with_a_long_Retry_After_is_reported_as_refused_not_as_an_unknown_outcome()
    {
        var server = new InMemoryServer(Answer429("120"));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => server.Clock.RunAsync(Client(server).SubmitAsync(GptImage2.TextToImage("p").Build())));

        Assert.IsNotType<ApixoSubmitOutcomeUnknownException>(error);
        Assert.Equal(429, error.Status);
        Assert.Equal([0.0, 60, 120], server.Seconds);
    }

    [Fact]
    public async Task A_submit_refused_with_an_absurd_Retry_After_is_sent_again_after_the_cap()
    {
        var server = new InMemoryServer(Answer429("999999999"), AnswerOk(Accepted));

        Assert.Equal("task_1", await server.Clock.RunAsync(Client(server).SubmitAsync(GptImage2.TextToImage("p").Build())));

        Assert.Equal([0.0, 60], server.Seconds);
    }

    [Theory]
    [InlineData("45", 45)]
    [InlineData("120", 60)]
    [InlineData("999999999", 60)]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT", 60)]
    [InlineData("soon", null)]
    [InlineData("-5", null)]
    [InlineData("0", null)]
    [InlineData("99999999999", null)]
    [InlineData("Thu, 01 Jan 1970 00:00:00 GMT", null)]
    public async Task The_refusal_that_ends_a_call_carries_its_Retry_After_capped_as_the_retries_cap_it(string retryAfter, int? seconds)
    {
        // No retries: the first 429 is the answer, and whoever goes on (a batch, a wait) needs its hint.
        var expected = seconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        var status = new InMemoryServer(Answer429(retryAfter));
        var submit = new InMemoryServer(Answer429(retryAfter));

        var refusedStatus = await Assert.ThrowsAsync<ApixoApiException>(() => status.Clock.RunAsync(Client(status, o => o.MaxRetries = 0).GetStatusAsync("task_1")));
        var refusedSubmit = await Assert.ThrowsAsync<ApixoApiException>(() => submit.Clock.RunAsync(Client(submit, o => o.MaxRetries = 0).SubmitAsync(GptImage2.TextToImage("p").Build())));

        Assert.Equal((ApixoErrorKind.RateLimited, expected), (refusedStatus.Kind, refusedStatus.RetryAfter));
        Assert.Equal((ApixoErrorKind.RateLimited, expected), (refusedSubmit.Kind, refusedSubmit.RetryAfter));
    }

    [Fact]
    public async Task A_refusal_after_the_retries_carries_the_last_answers_Retry_After()
    {
        var server = new InMemoryServer(Answer429("120"));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => server.Clock.RunAsync(Client(server).SubmitAsync(GptImage2.TextToImage("p").Build())));

        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
    }

    [Fact]
    public async Task Over_real_HTTP_a_429s_Retry_After_reaches_the_exception()
    {
        using var apixo = new ApixoFaultServer(options => options.MaxRetries = 0);
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(429, TooMany, RetryAfter: "17"));
        apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(503, """{"code":503,"message":"busy","data":null}""", RetryAfter: "9"));

        var submit = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.SubmitAsync(GptImage2.TextToImage("p").Build()));
        var status = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.GetStatusAsync("task_1"));

        Assert.Equal((429, TimeSpan.FromSeconds(17)), (submit.Status, submit.RetryAfter));
        Assert.Equal((503, TimeSpan.FromSeconds(9)), (status.Status, status.RetryAfter));
    }

    [Fact]
    public void A_cap_longer_than_the_total_timeout_is_refused_at_start_up()
    {
        var options = new ApixoClientOptions { ApiKey = "k", MaxRetryDelay = TimeSpan.FromMinutes(5), TotalTimeout = TimeSpan.FromMinutes(3) };

        var result = new ApixoClientOptionsValidator().Validate(null, options);

        Assert.Contains("Apixo:MaxRetryDelay must not be longer than Apixo:TotalTimeout.", result.Failures ?? []);
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    public async Task Over_real_HTTP_an_absurd_Retry_After_waits_the_cap_and_retries(string retryAfter)
    {
        // Real time here: the cap is made tiny so that the test is quick; before the cap the call failed at once.
        using var apixo = new ApixoFaultServer(options => (options.MaxRetryDelay, options.AttemptTimeout) = (TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)));
        apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(429, TooMany, RetryAfter: retryAfter), new Step(429, TooMany, RetryAfter: retryAfter), new Step(200, Pending));

        var task = await apixo.Client.GetStatusAsync("task_1");

        Assert.Equal(TaskState.Pending, task.State);
        Assert.Equal(3, apixo.Requests(ApixoFaultServer.StatusPath));
    }

    private ApixoClient Client(InMemoryServer server, Action<ApixoClientOptions>? configure = null)
    {
        var options = new ApixoClientOptions { ApiKey = "k", BaseAddress = new Uri("http://127.0.0.1/api/v1") };
        configure?.Invoke(options);
        var handler = ApixoResilience.CreateHandler(options, server.Clock, _logger, server);
        var api = ApixoApiFactory.Create(new HttpClient(handler) { BaseAddress = options.BaseAddress, Timeout = Timeout.InfiniteTimeSpan });
        return new ApixoClient(api, Options.Create(options), server.Clock);
    }

    private TimeSpan[] RetryDelays() =>
        _logger.Collector.GetSnapshot().Where(record => record.Id.Id == 1020)
            .Select(record => TimeSpan.Parse(record.StructuredState!.Single(pair => pair.Key == "Delay").Value!, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

    private static Func<HttpResponseMessage> Answer429(string retryAfter) => () =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(TooMany, System.Text.Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    };

    private static Func<HttpResponseMessage> AnswerOk(string body) =>
        () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

    /// <summary>Answers from a script (the last answer repeats) and notes when, on the test clock, each request came.</summary>
    private sealed class InMemoryServer : HttpMessageHandler
    {
        private readonly Func<HttpResponseMessage>[] _answers;

        public InMemoryServer(params Func<HttpResponseMessage>[] answers)
        {
            _answers = answers;
            Clock = new RetryClock(Start, () => Count);
        }

        public RetryClock Clock { get; }

        public List<double> Seconds { get; } = [];

        public int Count
        {
            get
            {
                lock (Seconds)
                {
                    return Seconds.Count;
                }
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Seconds)
            {
                Seconds.Add((Clock.GetUtcNow() - Start).TotalSeconds);
                var response = _answers[Math.Min(Seconds.Count - 1, _answers.Length - 1)]();
                response.RequestMessage = request;
                return Task.FromResult(response);
            }
        }
    }
}
