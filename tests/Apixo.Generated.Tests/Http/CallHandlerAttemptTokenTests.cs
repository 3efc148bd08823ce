using System.Net;
using Apixo.Generated.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;

namespace Apixo.Generated.Tests.Http;

/// <summary>
/// The client's handler keeps one attempt's timed token source for the next attempt. A kept source must still time the
/// next attempt out, still carry the caller's cancel, and never be one the caller or the timer cancelled.
/// </summary>
public sealed class CallHandlerAttemptTokenTests
{
    private static readonly Uri Address = new("http://127.0.0.1/api/v1/statusTask/gpt-image-2?taskId=t");

    [Fact]
    public async Task A_kept_source_still_ends_the_next_attempt_at_its_timeout()
    {
        var inner = new ScriptedHandler(Answer.Now, Answer.Never);
        using var invoker = Invoker(inner, attemptTimeout: TimeSpan.FromMilliseconds(1500));

        (await SendAsync(invoker)).Dispose();
        // A timer that no longer fired would hang here: the wait fails the test instead.
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => SendAsync(invoker).WaitAsync(TimeSpan.FromSeconds(20)));

        // The second attempt ran on the first one's source (kept), and its timer still fired.
        Assert.Equal(inner.Tokens[0], inner.Tokens[1]);
    }

    [Fact]
    public async Task A_kept_source_carries_the_callers_cancel_and_a_cancelled_one_is_never_kept()
    {
        var inner = new ScriptedHandler(Answer.Now, Answer.Never, Answer.Now);
        using var invoker = Invoker(inner, attemptTimeout: TimeSpan.FromSeconds(30));
        (await SendAsync(invoker)).Dispose();

        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendAsync(invoker, caller.Token).WaitAsync(TimeSpan.FromSeconds(20)));
        using var third = await SendAsync(invoker);

        Assert.Equal(inner.Tokens[0], inner.Tokens[1]);
        Assert.NotEqual(inner.Tokens[1], inner.Tokens[2]);
        Assert.False(inner.Tokens[2].IsCancellationRequested);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task A_source_whose_timer_was_near_firing_is_not_kept()
    {
        // 1.2 s per attempt, and the first answer comes after 0.6 s: its timer was within a second of firing.
        var inner = new ScriptedHandler(Answer.After(TimeSpan.FromMilliseconds(600)), Answer.Now);
        using var invoker = Invoker(inner, attemptTimeout: TimeSpan.FromMilliseconds(1200));

        (await SendAsync(invoker)).Dispose();
        (await SendAsync(invoker)).Dispose();

        Assert.NotEqual(inner.Tokens[0], inner.Tokens[1]);
    }

    private static HttpMessageInvoker Invoker(HttpMessageHandler inner, TimeSpan attemptTimeout)
    {
        var options = new ApixoClientOptions { ApiKey = "k", MaxRetries = 0, AttemptTimeout = attemptTimeout, TotalTimeout = TimeSpan.FromSeconds(60) };
        return new HttpMessageInvoker(ApixoResilience.CreateHandler(options, TimeProvider.System, NullLogger.Instance, inner));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpMessageInvoker invoker, CancellationToken cancellationToken = default) =>
        invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, Address), cancellationToken);

    private sealed record Answer(TimeSpan? Delay)
    {
        public static Answer Now { get; } = new(TimeSpan.Zero);

        public static Answer Never { get; } = new((TimeSpan?)null);

        public static Answer After(TimeSpan delay) => new(delay);
    }

    /// <summary>Answers 200 as scripted, one answer per call, and keeps the token each attempt was given.</summary>
    private sealed class ScriptedHandler(params Answer[] answers) : HttpMessageHandler
    {
        public List<CancellationToken> Tokens { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var answer = answers[Tokens.Count];
            Tokens.Add(cancellationToken);
            await Task.Delay(answer.Delay ?? Timeout.InfiniteTimeSpan, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        }
    }
}
