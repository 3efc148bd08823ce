namespace Apixo.Generated.Batches;

/// <summary>
/// Bounds the tasks in flight, and adapts: a 429 that the client's own retries (which honour Retry-After) did not absorb
/// halves the bound and pauses every submit, for a pause that doubles while 429s go on; each run of successes as long as
/// the bound grows it back by one, up to the configured concurrency (additive increase, multiplicative decrease).
/// </summary>
internal sealed class BatchRateGate(BatchOptions options, TimeProvider time)
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _limit = options.Concurrency;
    private int _inUse;
    private int _streak;
    private TimeSpan _pause = options.RateLimitPause;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _nextTurn = DateTimeOffset.MinValue;

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

    /// <summary>Waits while submits are paused after a 429, then for this submit's turn under <see cref="BatchOptions.SubmitsPerMinute"/>.</summary>
    public async Task BeforeSubmitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            var turnTaken = false;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                wait = _pausedUntil - now;
                if (wait <= TimeSpan.Zero)
                {
                    if (options.SubmitsPerMinute is not { } perMinute)
                    {
                        return;
                    }

                    // Each submit takes the next free turn, one interval after the last one taken.
                    var turn = _nextTurn > now ? _nextTurn : now;
                    _nextTurn = turn + (TimeSpan.FromMinutes(1) / perMinute);
                    wait = turn - now;
                    turnTaken = true;
                }
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            if (turnTaken)
            {
                return;
            }
        }
    }

    /// <summary>A submit was refused with 429 after the client's retries.</summary>
    public void RateLimited()
    {
        lock (_lock)
        {
            _limit = Math.Max(1, _limit / 2);
            _streak = 0;
            _pausedUntil = time.GetUtcNow() + _pause;
            _pause = TimeSpan.FromTicks(Math.Min(_pause.Ticks * 2, options.MaxRateLimitPause.Ticks));
        }
    }

    /// <summary>A submit was accepted.</summary>
    public void Accepted()
    {
        lock (_lock)
        {
            _pause = options.RateLimitPause;
            if (++_streak >= _limit && _limit < options.Concurrency)
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
