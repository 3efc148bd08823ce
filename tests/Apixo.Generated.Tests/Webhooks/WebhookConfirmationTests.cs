using System.Net;
using Apixo.Generated.Tests.TestSupport;
using WireMock.Server;

namespace Apixo.Generated.Tests.Webhooks;

/// <summary>How the receiver confirms: about the same task, without holding a worker while it waits, within each source's share.</summary>
public sealed class WebhookConfirmationTests : IDisposable
{
    private readonly WireMockServer _api = WireMockServer.Start();

    private Uri ApiBase => new(_api.Url + "/api/v1");

    public void Dispose()
    {
        _api.Stop();
        _api.Dispose();
    }

    [Fact]
    public async Task A_status_answer_about_another_task_is_not_handed_to_the_handler()
    {
        // The server answers about task_other whatever is asked: the callback for task_7 is not confirmed by it.
        _api.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v1/statusTask/gpt-image-2").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":200,"data":{"taskId":"task_other","state":"success","resultJson":"{\"resultUrls\":[\"https://evil.example.com/x.png\"]}"}}"""));
        await using var receiver = await WebhookHost.StartAsync(ApiBase, options => options.ConfirmationInterval = TimeSpan.FromMilliseconds(20));
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(receiver.Url, WebhookHost.Callback("task_7"))).StatusCode);

        Assert.Null(await receiver.NextHandledAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(new Dictionary<string, int> { ["task_7"] = 1 }, WebhookHost.StatusCalls(_api));
        // The client refuses an answer about another task; the receiver logs the failure and releases the id.
        Assert.Contains(receiver.Logs.GetSnapshot(), record => record.Id.Id == 1103 && record.Exception?.Message.Contains("is about another task", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_task_waiting_for_its_next_check_holds_no_worker()
    {
        WebhookHost.AnswerStatus(_api, id => id == "task_running" ? "processing" : "success");
        // One worker, and an hour between checks: before timers, the running task held the only worker for an hour.
        await using var receiver = await WebhookHost.StartAsync(ApiBase, options =>
        {
            options.MaxConcurrentHandlers = 1;
            options.ConfirmationInterval = TimeSpan.FromHours(1);
        });
        using var http = new HttpClient();

        await http.PostAsync(receiver.Url, WebhookHost.Callback("task_running"));
        await WaitUntilAsync(() => WebhookHost.StatusCalls(_api).ContainsKey("task_running"));
        await http.PostAsync(receiver.Url, WebhookHost.Callback("task_done"));

        var handled = await receiver.NextHandledAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("task_done", handled!.Value.Task.TaskId);
        Assert.Equal(new Dictionary<string, int> { ["task_running"] = 1, ["task_done"] = 1 }, WebhookHost.StatusCalls(_api));
    }

    [Fact]
    public async Task One_source_over_its_share_gets_429_and_another_source_still_gets_in()
    {
        WebhookHost.AnswerStatus(_api, id => id.StartsWith("fake_", StringComparison.Ordinal) ? "processing" : "success");
        await using var receiver = await WebhookHost.StartAsync(ApiBase, options =>
        {
            options.MaxPendingPerSource = 5;
            options.ConfirmationInterval = TimeSpan.FromHours(1);
        });
        using var flood = WebhookHost.ClientFrom(IPAddress.Parse("127.0.0.2"));
        using var genuine = WebhookHost.ClientFrom(IPAddress.Loopback);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add((await flood.PostAsync(receiver.Url, WebhookHost.Callback($"fake_{i}", "processing"))).StatusCode);
        }

        var genuineAnswer = await genuine.PostAsync(receiver.Url, WebhookHost.Callback("task_real"));

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], answers);
        Assert.Equal(HttpStatusCode.OK, genuineAnswer.StatusCode);
        Assert.Equal("task_real", (await receiver.NextHandledAsync(TimeSpan.FromSeconds(5)))!.Value.Task.TaskId);
        await WaitUntilAsync(() => WebhookHost.StatusCalls(_api).Count == 6);
        // The refused three never cost a status call.
        Assert.Equal(["fake_0", "fake_1", "fake_2", "fake_3", "fake_4", "task_real"], WebhookHost.StatusCalls(_api).Keys.Order());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(20);
        }
    }
}
