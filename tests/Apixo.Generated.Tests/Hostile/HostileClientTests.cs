using Microsoft.Extensions.DependencyInjection;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>The client library against answers that are too big or never end: they fail to read, they never fill memory.</summary>
public sealed class HostileClientTests : IAsyncLifetime
{
    private const string ApiKey = "sk-hostile-client-1";
    private HostileApixoServer _server = null!;

    public async Task InitializeAsync() => _server = await HostileApixoServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Bodies => new() { "declared", "chunked", "endless" };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_status_answer_over_MaxResponseBytes_is_unreadable(string kind)
    {
        _server.OnStatus(Oversized(kind));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => Client().GetStatusAsync(HostileApixoServer.DefaultTaskId));

        Assert.Equal(200, error.Status);
        Assert.Equal(ApixoErrorKind.UnreadableResponse, error.Kind);
        Assert.Contains("larger than MaxResponseBytes (65536 bytes)", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.RequestsTo(HostileApixoServer.StatusPath));
    }

    [Fact]
    public async Task A_status_body_that_trickles_past_the_attempt_timeout_ends_the_attempt_and_is_asked_again()
    {
        // One byte every 100 ms: the whole body would take about 20 s. The attempt has half a second, its body included.
        var processing = ApixoEnvelopes.Processing(HostileApixoServer.DefaultTaskId);
        _server.OnStatus(HostileAnswer.Slow(System.Text.Encoding.UTF8.GetBytes(processing), TimeSpan.FromMilliseconds(100), "application/json"), HostileAnswer.Text(processing));
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = ApiKey, BaseAddress = _server.BaseUrl, MaxRetries = 1, RetryBaseDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.FromSeconds(1), AttemptTimeout = TimeSpan.FromMilliseconds(500), TotalTimeout = TimeSpan.FromSeconds(10) });

        var task = await client.GetStatusAsync(HostileApixoServer.DefaultTaskId);

        Assert.Equal(TaskState.Processing, task.State);
        Assert.Equal(2, _server.RequestsTo(HostileApixoServer.StatusPath).Count);
    }

    [Fact]
    public async Task A_submit_body_that_trickles_past_the_attempt_timeout_is_an_unknown_outcome_never_a_resubmit()
    {
        var accepted = ApixoEnvelopes.Submitted("task_slow_1");
        _server.OnSubmit(HostileAnswer.Slow(System.Text.Encoding.UTF8.GetBytes(accepted), TimeSpan.FromMilliseconds(100), "application/json"));
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = ApiKey, BaseAddress = _server.BaseUrl, MaxRetries = 3, RetryBaseDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.FromSeconds(1), AttemptTimeout = TimeSpan.FromMilliseconds(500), TotalTimeout = TimeSpan.FromSeconds(10) });

        await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => client.SubmitAsync(GptImage2.TextToImage("x").Build()));

        Assert.Single(_server.RequestsTo(HostileApixoServer.SubmitPath));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_submit_answer_over_MaxResponseBytes_is_an_unknown_outcome_never_a_resubmit(string kind)
    {
        _server.OnSubmit(Oversized(kind));

        await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => Client().SubmitAsync(GptImage2.TextToImage("x").Build()));

        Assert.Single(_server.RequestsTo(HostileApixoServer.SubmitPath));
    }

    [Fact]
    public async Task A_submit_cancelled_while_its_accepted_answer_trickles_in_is_an_unknown_outcome()
    {
        // The server said 200: the task exists and is billed, so a cancel then must not read as "nothing happened".
        _server.OnSubmit(HostileAnswer.Slow(System.Text.Encoding.UTF8.GetBytes(ApixoEnvelopes.Submitted("task_slow_2")), TimeSpan.FromMilliseconds(100), "application/json"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));

        var error = await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => Client().SubmitAsync(GptImage2.TextToImage("x").Build(), cancel.Token));

        Assert.Equal(200, error.Status);
        Assert.Single(_server.RequestsTo(HostileApixoServer.SubmitPath));
    }

    [Fact]
    public async Task A_refusal_whose_body_trickles_past_the_attempt_timeout_keeps_its_status()
    {
        // A 429 created nothing: a slow body must not turn it into an unknown outcome.
        _server.OnSubmit(HostileAnswer.Slow(System.Text.Encoding.UTF8.GetBytes("{\"code\":429,\"message\":\"Rate limit exceeded\"}"), TimeSpan.FromMilliseconds(100), "application/json") with { Status = 429 });
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = ApiKey, BaseAddress = _server.BaseUrl, MaxRetries = 0, MaxRetryDelay = TimeSpan.FromSeconds(1), AttemptTimeout = TimeSpan.FromMilliseconds(500), TotalTimeout = TimeSpan.FromSeconds(10) });

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => client.SubmitAsync(GptImage2.TextToImage("x").Build()));

        Assert.IsNotType<ApixoSubmitOutcomeUnknownException>(error);
        Assert.Equal(429, error.Status);
        Assert.Equal(ApixoErrorKind.RateLimited, error.Kind);
    }

    [Fact]
    public async Task An_error_answer_over_MaxResponseBytes_still_gives_its_status()
    {
        _server.OnBalance(HostileAnswer.Huge(8L * 1024 * 1024, "application/json", "{\"code\":401,\"message\":\""u8.ToArray()) with { Status = 401 });

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => Client().GetBalanceAsync());

        Assert.Equal(401, error.Status);
        Assert.Null(error.ServerMessage);
    }

    [Fact]
    public async Task The_limit_is_an_option_and_an_answer_within_it_reads()
    {
        _server.OnBalance(HostileAnswer.Text(ApixoEnvelopes.Balance(7m)));
        var services = new ServiceCollection();
        services.AddApixoClient(options =>
        {
            options.ApiKey = ApiKey;
            options.BaseAddress = _server.BaseUrl;
            options.MaxResponseBytes = 1024;
        });
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(7m, await provider.GetRequiredService<ApixoClient>().GetBalanceAsync());
        _server.OnBalance(HostileAnswer.Text(ApixoEnvelopes.Balance(7m).Replace("\"message\"", "\"padding\":\"" + new string(' ', 2000) + "\",\"message\"", StringComparison.Ordinal)));
        await Assert.ThrowsAsync<ApixoApiException>(() => provider.GetRequiredService<ApixoClient>().GetBalanceAsync());
    }

    private static HostileAnswer Oversized(string kind) => kind switch
    {
        "declared" => HostileAnswer.Huge(64L * 1024 * 1024, "application/json", "{\"code\":200,\"data\":{\"taskId\":\""u8.ToArray()),
        "chunked" => HostileAnswer.Huge(64L * 1024 * 1024, "application/json", "{\"code\":200,\"data\":{\"taskId\":\""u8.ToArray(), declareLength: false),
        _ => HostileAnswer.Endless("application/json"),
    };

    private ApixoClient Client() =>
        ApixoClient.Create(new ApixoClientOptions { ApiKey = ApiKey, BaseAddress = _server.BaseUrl, MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(20), MaxResponseBytes = 64 * 1024 });
}
