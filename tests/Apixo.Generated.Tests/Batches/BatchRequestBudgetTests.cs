using Apixo.Generated.Batches;
using Microsoft.Extensions.Time.Testing;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// <see cref="BatchRequestBudget"/> alone, on a manual clock: even spacing, the minute's window counted from answers,
/// submits before polls, the pause after a 429 and cancelled waiters.
/// </summary>
public sealed class BatchRequestBudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task Turns_are_spaced_evenly_and_a_submit_goes_before_a_poll_that_waited_longer()
    {
        var budget = new BatchRequestBudget(10, _time);

        var first = budget.WaitTurnAsync(CancellationToken.None).AsTask();
        var poll = budget.WaitTurnAsync(CancellationToken.None).AsTask();
        var submit = budget.WaitSubmitTurnAsync(CancellationToken.None).AsTask();

        Assert.True(first.IsCompletedSuccessfully);
        budget.Answered(null);
        _time.Advance(TimeSpan.FromSeconds(6) - TimeSpan.FromTicks(1));
        Assert.False(submit.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));
        await submit.WaitAsync(Patience);
        Assert.False(poll.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(6));
        await poll.WaitAsync(Patience);
        Assert.Equal(3, budget.Sent);
    }

    [Fact]
    public async Task A_turn_given_late_counts_from_when_it_was_due_so_lateness_does_not_add_up_but_nothing_bursts()
    {
        // One a second. The clock jumps 1.5 s (a timer fires late): the second turn counts from 1 s, so the third is due
        // at 2 s, not 2.5 s. After 10 s with no one waiting, nothing is made up: the next two are a second apart.
        var budget = new BatchRequestBudget(60, _time);
        await budget.WaitTurnAsync(CancellationToken.None);
        var second = budget.WaitTurnAsync(CancellationToken.None).AsTask();
        var third = budget.WaitTurnAsync(CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromSeconds(1.5));
        await second.WaitAsync(Patience);
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        await third.WaitAsync(Patience);

        _time.Advance(TimeSpan.FromSeconds(10));
        await budget.WaitTurnAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
        var afterIdle = budget.WaitTurnAsync(CancellationToken.None).AsTask();
        Assert.False(afterIdle.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await afterIdle.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_request_waits_while_the_limit_is_held_by_requests_unanswered_or_answered_within_the_minute()
    {
        // Two a minute, spaced 30 s. Unanswered, the two may reach the server at any time: the third waits for the
        // answers, then a minute from them.
        var budget = new BatchRequestBudget(2, _time);
        await budget.WaitTurnAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        await budget.WaitTurnAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
        var third = budget.WaitTurnAsync(CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(third.IsCompleted);
        budget.Answered(null);
        budget.Answered(null);
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(1));
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));
        await third.WaitAsync(Patience);
    }

    [Fact]
    public async Task The_window_counts_from_the_answer_not_from_the_send()
    {
        // Sent at 0 and answered at 50 s, the first may have reached the server at 50 s: the third waits until 110 s
        // (a minute from the answers), not until 80 s (the spacing, and a minute from the sends).
        var budget = new BatchRequestBudget(2, _time);
        await budget.WaitTurnAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(50));
        budget.Answered(null);
        await budget.WaitTurnAsync(CancellationToken.None).AsTask().WaitAsync(Patience);
        budget.Answered(null);
        var third = budget.WaitTurnAsync(CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_429_with_Retry_After_pauses_every_request_that_long_even_without_a_limit()
    {
        var budget = new BatchRequestBudget(null, _time);
        await budget.WaitTurnAsync(CancellationToken.None);
        var refusal = new ApixoApiException("status", 429, ApixoHttpErrors.Describe(429), "slow down") { RetryAfter = TimeSpan.FromSeconds(20) };

        budget.Answered(refusal);
        var submit = budget.WaitSubmitTurnAsync(CancellationToken.None).AsTask();
        var poll = budget.WaitTurnAsync(CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromSeconds(20) - TimeSpan.FromTicks(1));
        Assert.False(submit.IsCompleted || poll.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));
        await Task.WhenAll(submit, poll).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_cancelled_waiter_takes_no_turn_and_the_next_one_gets_it()
    {
        var budget = new BatchRequestBudget(10, _time);
        await budget.WaitTurnAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var cancelled = budget.WaitSubmitTurnAsync(stop.Token).AsTask();
        var next = budget.WaitTurnAsync(CancellationToken.None).AsTask();

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        _time.Advance(TimeSpan.FromSeconds(6));
        await next.WaitAsync(Patience);
        Assert.Equal(2, budget.Sent);
    }
}
