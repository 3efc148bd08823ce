namespace Apixo.Generated.Batches;

/// <summary>
/// Bounds the tasks in flight, and adapts: a 429 that the client's own retries (which honour Retry-After) did not absorb
/// halves the bound and pauses every request, for a pause that doubles while 429s go on (or the server's Retry-After,
/// when longer); each run of successes as long as the bound grows it back by one, up to the batch's concurrency
/// (additive increase, multiplicative decrease). The requests themselves go through <see cref="Requests"/>.
/// </summary>
internal sealed class BatchRateGate(BatchOptions options, TimeProvider time)
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _limit = options.EffectiveConcurrency;
    private int _inUse;
    private int _streak;
    private TimeSpan _pause = options.RateLimitPause;

    /// <summary>The current bound.</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    /// <summary>Takes a slot for a task in flight.</summary>
    public async Task EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource? signal = null;
            lock (_lock)
            {
                if (_inUse < _limit)
                {
                    _inUse++;
                    return;
                }

                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Enqueue(signal);
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives a slot back.</summary>
    public void Exit()
    {
        lock (_lock)
        {
            _inUse--;
            WakeLocked();
        }
    }

    /// <summary>The batch's requests, submits and polls, within its requests per minute.</summary>
    public BatchRequestBudget Requests { get; } = new(options.EffectiveRequestsPerMinute, time);

    /// <summary>
    /// A submit was refused with 429 after the client's retries: the bound halves, and every request pauses, for a pause
    /// that doubles while 429s go on (the server's Retry-After, when longer, holds them through <see cref="Requests"/>).
    /// </summary>
    public void RateLimited()
    {
        TimeSpan pause;
        lock (_lock)
        {
            _limit = Math.Max(1, _limit / 2);
            _streak = 0;
            pause = _pause;
            _pause = TimeSpan.FromTicks(Math.Min(_pause.Ticks * 2, options.MaxRateLimitPause.Ticks));
        }

        Requests.Pause(pause);
    }

    /// <summary>A submit was accepted.</summary>
    public void Accepted()
    {
        lock (_lock)
        {
            _pause = options.RateLimitPause;
            if (++_streak >= _limit && _limit < options.EffectiveConcurrency)
            {
                _limit++;
                _streak = 0;
                WakeLocked();
            }
        }
    }

    // Every waiter is woken and checks again: one that was cancelled must not swallow the only wake-up.
    private void WakeLocked()
    {
        if (_inUse >= _limit)
        {
            return;
        }

        while (_waiting.TryDequeue(out var next))
        {
            next.TrySetResult();
        }
    }
}
