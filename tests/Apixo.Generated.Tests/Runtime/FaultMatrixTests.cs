namespace Apixo.Generated.Tests.Runtime;

/// <summary>
/// The client against a misbehaving server, case by case: the outcome, and exactly how many requests went out.
/// The default policy allows 3 retries; a submit is retried only when it provably was not accepted.
/// </summary>
public sealed class FaultMatrixTests
{
    private const string Pending = """{"code":200,"message":"success","data":{"taskId":"task_1","state":"pending"}}""";
    private const string Accepted = """{"code":200,"message":"success","data":{"taskId":"task_1"}}""";
    private const string Balance = """{"code":200,"message":"success","data":12.5}""";
    private const string Html = "<html><body><h1>502 Bad Gateway</h1></body></html>";

    private static string Error(int code) => $$"""{"code":{{code}},"message":"error {{code}}","data":null}""";

    public enum Op
    {
        Status,
        Submit,
        Balance,
    }

    /// <summary>What a case must end in: "ok", "api:STATUS:KIND", "unknown:STATUS:KIND" (submit outcome unknown; STATUS 0 when no answer came).</summary>
    public sealed record Case(Op Op, Step[] Steps, int Requests, string Outcome);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["status 200"] = new(Op.Status, [new(200, Pending)], 1, "ok"),
        ["status missing optional fields"] = new(Op.Status, [new(200, """{"code":200,"data":{"taskId":"task_1","state":"processing"}}""")], 1, "ok"),
        ["status 429 without Retry-After, then 200"] = new(Op.Status, [new(429, Error(429)), new(200, Pending)], 2, "ok"),
        ["status 429 with Retry-After, then 200"] = new(Op.Status, [new(429, Error(429), RetryAfter: "1"), new(200, Pending)], 2, "ok"),
        ["status 500 burst, then 200"] = new(Op.Status, [new(500, Error(500)), new(500, Error(500)), new(200, Pending)], 3, "ok"),
        ["status 502 burst, then 200"] = new(Op.Status, [new(502, Html, "text/html"), new(502, Error(502)), new(200, Pending)], 3, "ok"),
        ["status 503 burst, then 200"] = new(Op.Status, [new(503, Error(503)), new(503, Error(503)), new(503, Error(503)), new(200, Pending)], 4, "ok"),
        ["status 504 burst, then 200"] = new(Op.Status, [new(504, Error(504)), new(504, Error(504)), new(200, Pending)], 3, "ok"),
        ["status 500 forever"] = new(Op.Status, [new(500, Error(500))], 4, "api:500:ServerError"),
        ["status 502 HTML forever"] = new(Op.Status, [new(502, Html, "text/html")], 4, "api:502:UpstreamError"),
        ["status connection reset, then 200"] = new(Op.Status, [new(Drop: true), new(200, Pending)], 2, "ok"),
        ["status timeout, then 200"] = new(Op.Status, [new(200, Pending, DelayMs: 6000), new(200, Pending)], 2, "ok"),
        ["status 400"] = new(Op.Status, [new(400, Error(400))], 1, "api:400:BadRequest"),
        ["status 401"] = new(Op.Status, [new(401, """{"code":401,"message":"Invalid or missing API key"}""")], 1, "api:401:Unauthorized"),
        ["status 404"] = new(Op.Status, [new(404, Error(404))], 1, "api:404:NotFound"),
        ["status malformed JSON"] = new(Op.Status, [new(200, """{"code":200,"data":{"taskId":""")], 1, "api:200:UnreadableResponse"),
        ["status empty body"] = new(Op.Status, [new(200, string.Empty)], 1, "api:200:UnreadableResponse"),
        ["status HTML body with 200"] = new(Op.Status, [new(200, Html, "text/html")], 1, "api:200:UnreadableResponse"),
        ["status unknown state"] = new(Op.Status, [new(200, """{"code":200,"data":{"taskId":"t","state":"paused"}}""")], 1, "api:200:UnreadableResponse"),
        ["status about another task"] = new(Op.Status, [new(200, """{"code":200,"data":{"taskId":"task_other","state":"success","resultJson":"{\\"resultUrls\\":[\\"https://cdn.example.com/x.png\\"]}"}}""")], 1, "api:200:UnreadableResponse"),
        ["status unknown fail code"] = new(Op.Status, [new(200, """{"code":200,"data":{"taskId":"task_1","state":"failed","failCode":"BRAND_NEW","failMsg":"x"}}""")], 1, "ok"),
        ["status malformed resultJson"] = new(Op.Status, [new(200, """{"code":200,"data":{"taskId":"t","state":"success","resultJson":"{not json"}}""")], 1, "api:200:UnreadableResponse"),
        ["submit 200"] = new(Op.Submit, [new(200, Accepted)], 1, "ok"),
        ["submit 429, then 200"] = new(Op.Submit, [new(429, Error(429)), new(200, Accepted)], 2, "ok"),
        ["submit 429 with Retry-After, then 200"] = new(Op.Submit, [new(429, Error(429), RetryAfter: "1"), new(200, Accepted)], 2, "ok"),
        ["submit 500"] = new(Op.Submit, [new(500, Error(500)), new(200, Accepted)], 1, "unknown:500:ServerError"),
        ["submit 502"] = new(Op.Submit, [new(502, Html, "text/html"), new(200, Accepted)], 1, "unknown:502:UpstreamError"),
        ["submit 503"] = new(Op.Submit, [new(503, Error(503)), new(200, Accepted)], 1, "unknown:503:ServiceUnavailable"),
        ["submit 504"] = new(Op.Submit, [new(504, Error(504)), new(200, Accepted)], 1, "unknown:504:UpstreamTimeout"),
        ["submit timeout"] = new(Op.Submit, [new(200, Accepted, DelayMs: 6000), new(200, Accepted)], 1, "unknown:0:Transport"),
        ["submit connection reset"] = new(Op.Submit, [new(Drop: true), new(200, Accepted)], 1, "unknown:0:Transport"),
        ["submit accepted but unreadable"] = new(Op.Submit, [new(200, "<html>ok</html>", "text/html")], 1, "unknown:200:UnreadableResponse"),
        ["submit 400"] = new(Op.Submit, [new(400, """{"code":400,"message":"Invalid request","data":{"error":"Missing required field: input.prompt"}}""")], 1, "api:400:BadRequest"),
        ["submit 401"] = new(Op.Submit, [new(401, Error(401))], 1, "api:401:Unauthorized"),
        ["submit 402"] = new(Op.Submit, [new(402, Error(402))], 1, "api:402:InsufficientBalance"),
        ["submit 403"] = new(Op.Submit, [new(403, Error(403))], 1, "api:403:Forbidden"),
        ["balance 200"] = new(Op.Balance, [new(200, Balance)], 1, "ok"),
        ["balance 503, then 200"] = new(Op.Balance, [new(503, Error(503)), new(200, Balance)], 2, "ok"),
        ["balance 401"] = new(Op.Balance, [new(401, Error(401))], 1, "api:401:Unauthorized"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Fault_case_has_its_outcome_and_request_count(string name)
    {
        var @case = Cases[name];
        var (path, method) = @case.Op switch
        {
            Op.Submit => (ApixoFaultServer.SubmitPath, "POST"),
            Op.Balance => (ApixoFaultServer.BalancePath, "GET"),
            _ => (ApixoFaultServer.StatusPath, "GET"),
        };

        // WireMock cannot reset a connection or hold an answer back: those cases run on a bare server.
        using var raw = @case.Steps.Any(step => step.Drop || step.DelayMs > 0) ? new RawHttpServer(@case.Steps) : null;
        using var apixo = new ApixoFaultServer(baseAddress: raw?.BaseAddress);
        if (raw is null)
        {
            apixo.Script(path, method, @case.Steps);
        }

        var outcome = await Outcome(@case.Op, apixo.Client);

        Assert.Equal(@case.Outcome, outcome);
        Assert.Equal(@case.Requests, raw?.Requests ?? apixo.Requests(path));
        Assert.DoesNotContain(apixo.Logs.GetSnapshot(), record => record.Message.Contains(ApixoFaultServer.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public void The_matrix_has_at_least_25_cases() => Assert.True(Cases.Count >= 25, $"{Cases.Count} cases");

    [Fact]
    public async Task Retry_After_is_waited_for()
    {
        using var apixo = new ApixoFaultServer();
        apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(429, Error(429), RetryAfter: "1"), new Step(200, Pending));

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await apixo.Client.GetStatusAsync("task_1");

        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(900), "The retry came before Retry-After.");
    }

    [Fact]
    public async Task A_submit_refused_with_429_and_Retry_After_is_sent_again_after_the_wait()
    {
        using var apixo = new ApixoFaultServer();
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(429, Error(429), RetryAfter: "1"), new Step(200, Accepted));

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.Equal("task_1", await apixo.Client.SubmitAsync(GptImage2.TextToImage("p").Build()));

        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(900), "The retry came before Retry-After.");
        Assert.Equal(2, apixo.Requests(ApixoFaultServer.SubmitPath));
    }

    [Fact]
    public async Task A_state_that_goes_back_over_HTTP_is_followed_to_the_end()
    {
        var clock = new JumpingClock(DateTimeOffset.UnixEpoch);
        using var apixo = new ApixoFaultServer(time: clock);
        static string Status(string state) => "{\"code\":200,\"data\":{\"taskId\":\"task_1\",\"state\":\"" + state + "\"}}";
        apixo.Script(
            ApixoFaultServer.StatusPath,
            "GET",
            new Step(200, Status("processing")),
            new Step(200, Status("pending")),
            new Step(200, Status("processing")),
            new Step(200, """{"code":200,"data":{"taskId":"task_1","state":"success","resultJson":"{\"resultUrls\":[\"https://cdn.example.com/1.png\"]}"}}"""));
        var seen = new List<TaskState>();

        var done = await clock.RunAsync(apixo.Client.WaitForCompletionAsync("task_1", Resolution.Res1K, progress: new Recorder(seen)));

        Assert.Equal(TaskState.Success, done.State);
        Assert.Equal([TaskState.Processing, TaskState.Pending, TaskState.Processing, TaskState.Success], seen);
        Assert.Equal(4, apixo.Requests(ApixoFaultServer.StatusPath));
        Assert.Contains(apixo.Logs.GetSnapshot(), record => record.Id.Id == 1012);
    }

    [Fact]
    public async Task A_submit_whose_outcome_is_unknown_is_never_marked_retryable()
    {
        using var apixo = new ApixoFaultServer();
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(502, Error(502)));

        var error = await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => apixo.Client.SubmitAsync(GptImage2.TextToImage("p").Build()));

        Assert.False(error.IsRetryable);
        Assert.Equal(ApixoSubmitOutcomeUnknownException.WhatToDo, error.Advice);
    }

    private sealed class Recorder(List<TaskState> seen) : IProgress<GenerationTask>
    {
        public void Report(GenerationTask value) => seen.Add(value.State);
    }

    [Fact]
    public async Task A_submit_to_a_closed_port_is_retried_and_says_nothing_was_sent()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort()}/api/v1");
        using var apixo = new ApixoFaultServer(baseAddress: closed);

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.SubmitAsync(GptImage2.TextToImage("p").Build()));

        Assert.IsNotType<ApixoSubmitOutcomeUnknownException>(error);
        Assert.Contains("nothing was sent", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
        Assert.Equal((0, ApixoErrorKind.Transport), (error.Status, error.Kind));
        Assert.Equal(3, apixo.Logs.GetSnapshot().Count(record => record.Id.Id == 1020));
    }

    [Fact]
    public async Task A_status_call_that_gets_no_answer_has_Status_0_and_kind_Transport()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort()}/api/v1");
        using var apixo = new ApixoFaultServer(baseAddress: closed);

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.GetStatusAsync("task_1"));

        Assert.Equal((0, ApixoErrorKind.Transport, "status", "task_1"), (error.Status, error.Kind, error.Operation, error.TaskId));
        Assert.True(error.IsRetryable);
        Assert.Contains("no response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HTML_error_page_gives_a_clean_exception()
    {
        using var apixo = new ApixoFaultServer(options => options.MaxRetries = 0);
        apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(502, Html, "text/html"));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => apixo.Client.GetStatusAsync("task_1"));

        Assert.Equal((502, ApixoErrorKind.UpstreamError, true), (error.Status, error.Kind, error.IsRetryable));
        Assert.Null(error.ServerMessage);
        Assert.DoesNotContain("<html", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retry with backoff", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submit_whose_outcome_is_unknown_says_what_to_do()
    {
        using var apixo = new ApixoFaultServer();
        apixo.Script(ApixoFaultServer.SubmitPath, "POST", new Step(504, Error(504)));

        var error = await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => apixo.Client.SubmitAsync(GptImage2.TextToImage("p").Build()));

        Assert.Equal(1, apixo.Requests(ApixoFaultServer.SubmitPath));
        Assert.Contains("Do not resubmit blindly", error.Message, StringComparison.Ordinal);
        Assert.Contains("The server said: error 504", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> Outcome(Op op, ApixoClient client)
    {
        try
        {
            switch (op)
            {
                case Op.Submit:
                    Assert.Equal("task_1", await client.SubmitAsync(GptImage2.TextToImage("a lighthouse").Build()));
                    break;
                case Op.Balance:
                    Assert.Equal(12.5m, await client.GetBalanceAsync());
                    break;
                default:
                    var task = await client.GetStatusAsync("task_1");
                    Assert.False(string.IsNullOrEmpty(task.TaskId));
                    break;
            }

            return "ok";
        }
        catch (ApixoSubmitOutcomeUnknownException error)
        {
            return $"unknown:{error.Status}:{error.Kind}";
        }
        catch (ApixoApiException error)
        {
            Assert.DoesNotContain(ApixoFaultServer.ApiKey, error.ToString(), StringComparison.Ordinal);
            return $"api:{error.Status}:{error.Kind}";
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
