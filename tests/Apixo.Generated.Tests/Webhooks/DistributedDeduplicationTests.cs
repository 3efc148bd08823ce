using System.Net;
using Apixo.Generated.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Server;
using Xunit.Abstractions;

namespace Apixo.Generated.Tests.Webhooks;

/// <summary>
/// Two receiver instances (two Kestrel apps) behind an imagined load balancer, sharing a real Redis through
/// IDistributedCache: APIXO's deliveries of one callback may reach either or both, and it is handled once.
/// </summary>
public sealed class DistributedDeduplicationTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly WireMockServer _api = WireMockServer.Start();

    // Both instances of a test share one key prefix, and a rerun against the same server starts clean.
    private readonly string _instanceName = "apixo-tests-" + Guid.NewGuid().ToString("N") + ":";
    private WebhookHost _first = null!;
    private WebhookHost _second = null!;

    public async Task InitializeAsync()
    {
        WebhookHost.AnswerStatus(_api, _ => "success");
        _first = await StartInstanceAsync();
        _second = await StartInstanceAsync();
    }

    private Task<WebhookHost> StartInstanceAsync() =>
        WebhookHost.StartAsync(
            new Uri(_api.Url + "/api/v1"),
            options =>
            {
                options.UseDistributedCache = true;
                options.ConfirmationAttempts = 2;
                options.ConfirmationInterval = TimeSpan.FromMilliseconds(20);
            },
            services => services.AddStackExchangeRedisCache(options =>
            {
                options.Configuration = redis.Configuration;
                options.InstanceName = _instanceName;
            }));

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _api.Stop();
        _api.Dispose();
    }

    [Fact]
    public async Task A_callback_delivered_to_both_instances_reaches_the_handler_once()
    {
        using var http = new HttpClient();

        // The first delivery and its 3 retries, each to both instances at the same moment.
        for (var delivery = 0; delivery < 4; delivery++)
        {
            var answers = await Task.WhenAll(
                http.PostAsync(_first.Url, WebhookHost.Callback("task_shared")),
                http.PostAsync(_second.Url, WebhookHost.Callback("task_shared")));
            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        }

        var handled = await _first.NextHandledAsync(TimeSpan.FromSeconds(5)) ?? await _second.NextHandledAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("task_shared", handled!.Value.Task.TaskId);
        await Task.Delay(500);
        Assert.Equal(1, _first.HandledCount + _second.HandledCount);
        // Normally decided at the claim, before any status call (one call). An instance stalled for over the
        // settle time between two cache commands costs a second call, and is still caught before the handler.
        Assert.InRange(WebhookHost.StatusCalls(_api)["task_shared"], 1, 2);
    }

    [Fact]
    public async Task Many_callbacks_each_delivered_to_both_instances_are_each_handled_once()
    {
        const int tasks = 40;
        using var http = new HttpClient();

        await Parallel.ForEachAsync(Enumerable.Range(0, tasks), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var answers = await Task.WhenAll(
                http.PostAsync(_first.Url, WebhookHost.Callback($"task_{i}"), cancellationToken),
                http.PostAsync(_second.Url, WebhookHost.Callback($"task_{i}"), cancellationToken));
            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (_first.HandledCount + _second.HandledCount < tasks && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500);
        output.WriteLine($"handled by the first instance: {_first.HandledCount}, by the second: {_second.HandledCount}");
        Assert.Equal(tasks, _first.HandledCount + _second.HandledCount);
        var handledIds = new List<string>();
        while (await _first.NextHandledAsync(TimeSpan.FromMilliseconds(10)) is { } a)
        {
            handledIds.Add(a.Task.TaskId);
        }

        while (await _second.NextHandledAsync(TimeSpan.FromMilliseconds(10)) is { } b)
        {
            handledIds.Add(b.Task.TaskId);
        }

        Assert.Equal(Enumerable.Range(0, tasks).Select(i => $"task_{i}").Order(), handledIds.Order());
    }

    [Fact]
    public async Task A_claim_given_up_by_one_instance_lets_the_retry_on_the_other_be_handled()
    {
        _api.Reset();
        // Still running at the first instance's two checks, done by the time APIXO retries.
        var calls = 0;
        WebhookHost.AnswerStatus(_api, _ => Interlocked.Increment(ref calls) <= 2 ? "processing" : "success");
        using var http = new HttpClient();

        await http.PostAsync(_first.Url, WebhookHost.Callback("task_late"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!_first.Logs.GetSnapshot().Any(record => record.Id.Id == 1102) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(200);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(_second.Url, WebhookHost.Callback("task_late"))).StatusCode);

        Assert.Equal("task_late", (await _second.NextHandledAsync(TimeSpan.FromSeconds(5)))!.Value.Task.TaskId);
        Assert.Equal(0, _first.HandledCount);
        Assert.Equal(3, WebhookHost.StatusCalls(_api)["task_late"]);
    }
}
