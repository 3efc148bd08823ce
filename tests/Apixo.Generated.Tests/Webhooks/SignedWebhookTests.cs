using System.Net;
using Apixo.Generated.Sandbox;
using Apixo.Generated.Tests.TestSupport;
using WireMock.Server;

namespace Apixo.Generated.Tests.Webhooks;

/// <summary>A receiver with a signing key: a callback without a valid token is refused before it costs a status call.</summary>
public sealed class SignedWebhookTests : IAsyncLifetime
{
    private const string Key = "current-key-0123456789abcdefghijklmnop";
    private const string OldKey = "previous-key-0123456789abcdefghijklmno";

    private readonly WireMockServer _api = WireMockServer.Start();
    private readonly HttpClient _http = new();
    private WebhookHost _receiver = null!;

    public async Task InitializeAsync()
    {
        WebhookHost.AnswerStatus(_api, _ => "success");
        _receiver = await WebhookHost.StartAsync(new Uri(_api.Url + "/api/v1"), options =>
        {
            options.SigningKey = Key;
            options.PreviousSigningKey = OldKey;
        });
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _http.Dispose();
        _api.Stop();
        _api.Dispose();
    }

    [Fact]
    public async Task Unsigned_forged_and_foreign_key_callbacks_get_401_and_cost_no_status_call()
    {
        var foreign = ApixoCallbackSignature.Sign(_receiver.Url, "someone-elses-key-0123456789abcdefghij");
        var expired = ApixoCallbackSignature.Sign(_receiver.Url, Key, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-2)));
        var otherPath = ApixoCallbackSignature.Sign(new Uri(_receiver.Url, "/hooks/other"), Key);
        var forged = new Uri(_receiver.Url + "?apixo_sig=v1.1767268800.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var moved = new Uri(_receiver.Url + otherPath.Query);
        Uri[] urls = [_receiver.Url, foreign, expired, forged, moved];

        foreach (var (url, i) in urls.Select((url, i) => (url, i)))
        {
            var answer = await _http.PostAsync(url, WebhookHost.Callback($"task_{i}"));
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        Assert.Null(await _receiver.NextHandledAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Empty(WebhookHost.StatusCalls(_api));
        var logs = _receiver.Logs.GetSnapshot();
        Assert.Contains(logs, record => record.Id.Id == 1104);
        Assert.DoesNotContain(logs, record => record.Message.Contains(Key, StringComparison.Ordinal) || record.Message.Contains(OldKey, StringComparison.Ordinal));
        // ASP.NET's own request log shows the URL; the receiver's events never carry a token.
        Assert.DoesNotContain(logs, record => record.Category!.StartsWith("Apixo", StringComparison.Ordinal) && record.Message.Contains("apixo_sig", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_callback_signed_with_the_current_or_the_previous_key_is_handled()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync(ApixoCallbackSignature.Sign(_receiver.Url, Key), WebhookHost.Callback("task_new"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync(ApixoCallbackSignature.Sign(_receiver.Url, OldKey), WebhookHost.Callback("task_old"))).StatusCode);

        var handled = new[] { await _receiver.NextHandledAsync(TimeSpan.FromSeconds(10)), await _receiver.NextHandledAsync(TimeSpan.FromSeconds(10)) };
        Assert.Equal(["task_new", "task_old"], handled.Select(item => item!.Value.Task.TaskId).Order());
        Assert.Equal(new Dictionary<string, int> { ["task_new"] = 1, ["task_old"] = 1 }, WebhookHost.StatusCalls(_api));
    }

    [Fact]
    public async Task A_task_submitted_by_a_client_with_the_key_reaches_the_handler_through_the_sandbox()
    {
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 60, AllowLoopbackCallbacks = true });
        await using var receiver = await WebhookHost.StartAsync(sandbox.BaseUrl, options => options.SigningKey = Key);
        // The client signs by real time, as the receiver checks: the sandbox's clock runs 3000 times faster.
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "k", BaseAddress = sandbox.BaseUrl, CallbackSigningKey = Key });
        var request = GptImage2.TextToImage("signed").WithCallback("https://localhost/placeholder").Build();
        request.CallbackUrl = receiver.Url;

        var id = await client.SubmitAsync(request);

        var handled = await receiver.NextHandledAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((id, TaskState.Success), (handled!.Value.Task.TaskId, handled.Value.Task.State));
        Assert.Equal(receiver.Url, request.CallbackUrl);
    }
}
