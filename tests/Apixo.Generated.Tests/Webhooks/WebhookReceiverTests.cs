using System.Net;
using System.Text;
using System.Threading.Channels;
using Apixo.Generated.Tests.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Apixo.Generated.Tests.Webhooks;

/// <summary>The webhook receiver on Kestrel (127.0.0.1), confirming with a status call to WireMock.</summary>
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private const string Success = """{"code":200,"message":"success","data":{"taskId":"task_7","state":"success","resultJson":"{\"resultUrls\":[\"https://cdn.example.com/7.png\"]}","createTime":1767225600000,"completeTime":1767225660000}}""";

    private readonly ApixoFaultServer _apixo = new();
    private readonly Channel<GenerationTask> _handled = Channel.CreateUnbounded<GenerationTask>();
    private WebApplication? _app;
    private readonly HttpClient _http = new();
    private Uri _hook = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddApixoClient(options =>
        {
            options.ApiKey = ApixoFaultServer.ApiKey;
            options.BaseAddress = new Uri(_apixo.Server.Url + "/api/v1");
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
        });
        builder.Services.AddApixoWebhooks(options =>
        {
            options.MaxBodyBytes = 4096;
            options.ConfirmationAttempts = 2;
            options.ConfirmationInterval = TimeSpan.FromMilliseconds(20);
        });
        _app = builder.Build();
        _app.MapApixoWebhook("/hooks/apixo", async (task, cancellationToken) => await _handled.Writer.WriteAsync(task, cancellationToken));
        await _app.StartAsync();
        _hook = new Uri(_app.Urls.First() + "/hooks/apixo");
    }

    public async Task DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
        _apixo.Dispose();
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        _http.PostAsync(_hook, new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<GenerationTask?> NextHandledAsync(TimeSpan wait)
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

    [Fact]
    public async Task A_callback_is_answered_confirmed_and_handled_once_even_when_repeated()
    {
        _apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(200, Success));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Success)).StatusCode);
        }

        var task = await NextHandledAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(task);
        Assert.Equal(("task_7", TaskState.Success), (task.TaskId, task.State));
        Assert.Equal("https://cdn.example.com/7.png", Assert.Single(task.ResultUrls).OriginalString);
        Assert.Null(await NextHandledAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, _apixo.Requests(ApixoFaultServer.StatusPath));
    }

    [Fact]
    public async Task The_handler_sees_what_the_status_call_confirms_not_what_the_callback_claims()
    {
        _apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(200, """{"code":200,"data":{"taskId":"task_8","state":"failed","failCode":"CONTENT_VIOLATION","failMsg":"blocked"}}"""));

        await PostAsync("""{"code":200,"data":{"taskId":"task_8","state":"success","resultJson":"{\"resultUrls\":[\"https://evil.example.com/x.png\"]}"}}""");

        var task = await NextHandledAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TaskState.Failed, task!.State);
        Assert.Empty(task.ResultUrls);
        Assert.Equal(FailCode.ContentViolation, task.FailCode);
    }

    [Fact]
    public async Task Unknown_fields_states_and_codes_in_the_callback_are_tolerated()
    {
        _apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(200, """{"code":200,"data":{"taskId":"task_9","state":"failed","failCode":"BRAND_NEW","failMsg":"new"}}"""));

        var response = await PostAsync("""{"code":200,"traceId":"x","data":{"taskId":"task_9","state":"archived","failCode":"BRAND_NEW","extra":{"a":1}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = await NextHandledAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("BRAND_NEW", task!.FailCode!.Value.Value);
    }

    [Fact]
    public async Task The_callback_is_answered_before_the_confirmation_comes_back()
    {
        _apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(200, Success, DelayMs: 1500));

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await PostAsync(Success);
        var answeredAfter = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(answeredAfter < TimeSpan.FromMilliseconds(1000), $"answered after {answeredAfter}");
        Assert.NotNull(await NextHandledAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Concurrent_repeats_of_a_callback_are_handled_once()
    {
        _apixo.Script(ApixoFaultServer.StatusPath, "GET", new Step(200, Success));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(Success)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.NotNull(await NextHandledAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await NextHandledAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, _apixo.Requests(ApixoFaultServer.StatusPath));
    }

    [Fact]
    public async Task A_callback_the_server_does_not_confirm_is_not_handled_and_a_later_one_is()
    {
        _apixo.Script(
            ApixoFaultServer.StatusPath,
            "GET",
            new Step(200, """{"code":200,"data":{"taskId":"task_7","state":"processing"}}"""),
            new Step(200, """{"code":200,"data":{"taskId":"task_7","state":"processing"}}"""),
            new Step(200, Success));

        await PostAsync(Success);
        Assert.Null(await NextHandledAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(2, _apixo.Requests(ApixoFaultServer.StatusPath));

        await PostAsync(Success);
        Assert.Equal(TaskState.Success, (await NextHandledAsync(TimeSpan.FromSeconds(10)))!.State);
    }

    [Fact]
    public void A_callback_with_unknown_fields_and_codes_parses()
    {
        var task = ApixoCallback.Parse(
            """{"code":200,"traceId":"x","data":{"taskId":"t","state":"failed","failCode":"BRAND_NEW","failMsg":"new","extra":{"a":1}}}""",
            DateTimeOffset.UnixEpoch);

        Assert.Equal(("t", TaskState.Failed, "BRAND_NEW", false), (task.TaskId, task.State, task.FailCode!.Value.Value, task.FailCode.Value.IsKnown));
        Assert.Throws<System.Text.Json.JsonException>(() => ApixoCallback.Parse("""{"code":200,"data":{"taskId":"t","state":"success","resultJson":"{\"resultUrls\":null}"}}""", DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("""{"code":200,"data":{"state":"success"}}""")]
    [InlineData("")]
    [InlineData("""{"code":200,"data":{"taskId":"has spaces in it"}}""")]
    public async Task A_malformed_body_gets_400(string body)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(body)).StatusCode);
        Assert.Equal(0, _apixo.Requests(ApixoFaultServer.StatusPath));
    }

    [Fact]
    public async Task A_body_over_the_cap_gets_413()
    {
        var big = Success.Replace("\"code\":200", "\"pad\":\"" + new string('x', 5000) + "\",\"code\":200", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(big)).StatusCode);
        Assert.Equal(0, _apixo.Requests(ApixoFaultServer.StatusPath));
    }

    [Fact]
    public void A_callback_body_parses_into_the_same_result_type()
    {
        var task = ApixoCallback.Parse(Success, DateTimeOffset.FromUnixTimeMilliseconds(1767225700000));

        Assert.Equal(("task_7", TaskState.Success, TimeSpan.FromSeconds(60)), (task.TaskId, task.State, task.Duration));
        Assert.False(task.IsExpired);
        Assert.Throws<System.Text.Json.JsonException>(() => ApixoCallback.Parse("{}", DateTimeOffset.UnixEpoch));
    }
}
