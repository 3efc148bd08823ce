using System.Diagnostics;
using System.Net;
using Apixo.Generated.Tests.TestSupport;
using WireMock.Server;
using Xunit.Abstractions;

namespace Apixo.Generated.Tests.Webhooks;

/// <summary>
/// Issue 9's flood: 5,000 forged callbacks from one source, for tasks the API shows as still running, while a
/// genuine callback comes from another. The genuine one must reach the handler within seconds, and the flood
/// must cost no more status calls than its source's share allows.
/// </summary>
public sealed class WebhookFloodTests(ITestOutputHelper output) : IDisposable
{
    private const int Fakes = 5_000;
    private const int GenuineAfter = 1_000;
    private const int Attempts = 3;
    private const int PerSource = 50;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly WireMockServer _api = WireMockServer.Start();

    public void Dispose()
    {
        _api.Stop();
        _api.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_genuine_callback_reaches_the_handler_within_seconds_under_a_flood_of_5000_fakes(bool signed)
    {
        const string key = "flood-test-key-0123456789abcdefghijklmn";
        // Every status call takes 20 ms, as a real API's would take some time.
        WebhookHost.AnswerStatus(_api, id => id.StartsWith("fake_", StringComparison.Ordinal) ? "processing" : "success", delayMs: 20);
        await using var receiver = await WebhookHost.StartAsync(new Uri(_api.Url + "/api/v1"), options =>
        {
            options.ConfirmationAttempts = Attempts;
            options.ConfirmationInterval = Interval;
            options.MaxPendingPerSource = PerSource;
            options.SigningKey = signed ? key : null;
        });
        using var attacker = WebhookHost.ClientFrom(IPAddress.Parse("127.0.0.2"));
        using var apixo = WebhookHost.ClientFrom(IPAddress.Loopback);
        var genuineUrl = signed ? ApixoCallbackSignature.Sign(receiver.Url, key) : receiver.Url;

        var answers = new Dictionary<HttpStatusCode, int>();
        var sent = 0;
        var genuineSent = new TaskCompletionSource<long>();
        var floodStarted = Stopwatch.GetTimestamp();
        var flood = Parallel.ForEachAsync(Enumerable.Range(0, Fakes), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
        {
            using var answer = await attacker.PostAsync(receiver.Url, WebhookHost.Callback($"fake_{i}", "success"), cancellationToken);
            lock (answers)
            {
                answers[answer.StatusCode] = answers.GetValueOrDefault(answer.StatusCode) + 1;
            }

            if (Interlocked.Increment(ref sent) == GenuineAfter)
            {
                genuineSent.SetResult(Stopwatch.GetTimestamp());
            }
        });

        var sentAt = await genuineSent.Task;
        using var genuineAnswer = await apixo.PostAsync(genuineUrl, WebhookHost.Callback("task_real"));
        var handled = await receiver.NextHandledAsync(TimeSpan.FromSeconds(30));
        var reachedAfter = handled is { } h ? Stopwatch.GetElapsedTime(sentAt, h.At) : (TimeSpan?)null;
        await flood;
        var floodTook = Stopwatch.GetElapsedTime(floodStarted);

        // Every fake that got in is checked Attempts times, then given up: wait for the last checks.
        var accepted = answers.GetValueOrDefault(HttpStatusCode.OK);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (FakeStatusCalls() < accepted * Attempts && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(Interval * 2);
        var calls = WebhookHost.StatusCalls(_api);
        output.WriteLine($"signed={signed}: genuine callback reached the handler {reachedAfter?.TotalMilliseconds:F0} ms after it was sent, during the flood");
        output.WriteLine($"flood of {Fakes} took {floodTook.TotalMilliseconds:F0} ms; answers {string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{(int)a.Key}×{a.Value}"))}; status calls for fakes {FakeStatusCalls()}");

        Assert.Equal(HttpStatusCode.OK, genuineAnswer.StatusCode);
        Assert.NotNull(reachedAfter);
        Assert.True(reachedAfter < Bound, $"The genuine callback reached the handler after {reachedAfter}.");
        Assert.Equal("task_real", handled!.Value.Task.TaskId);
        Assert.Equal(1, calls["task_real"]);
        Assert.Null(await receiver.NextHandledAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(1, receiver.HandledCount);
        Assert.Equal(Fakes, answers.Values.Sum());
        if (signed)
        {
            // Without the key, the flood costs nothing: every fake is refused before a status call.
            Assert.Equal(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.Unauthorized] = Fakes }, answers);
            Assert.Equal(0, FakeStatusCalls());
        }
        else
        {
            // The flood's source holds at most PerSource pending callbacks: the rest get 429 and cost nothing,
            // and each one let in costs exactly Attempts status calls, never more.
            Assert.Equal(Fakes, accepted + answers.GetValueOrDefault(HttpStatusCode.TooManyRequests));
            Assert.InRange(accepted, PerSource, Fakes / 4);
            Assert.Equal(accepted * Attempts, FakeStatusCalls());
        }

        int FakeStatusCalls() => WebhookHost.StatusCalls(_api).Where(pair => pair.Key.StartsWith("fake_", StringComparison.Ordinal)).Sum(pair => pair.Value);
    }
}
