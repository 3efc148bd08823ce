namespace Apixo.Generated.Batches;

/// <summary>
/// The batch's requests per minute (a plan's figure, or the caller's), shared by its submits and its status polls: each
/// request waits for its turn. Turns are spaced evenly, one every 60/N s, so nothing leaves in a burst (a turn a late
/// timer gave counts from when it was due, so lateness does not add up: one turn at most is made up); and no request
/// leaves while N others are unanswered or were answered less than a minute ago. A request reaches the server between
/// its sending and its answer, so however late the network or the scheduler makes it, the server, counting arrivals in
/// any minute, never sees more than N. Submits go before polls: a task submitted sooner ends sooner, while a poll that
/// waits only notices an end later (and a poll is never sooner than the contract's schedule). A 429 pauses every request.
/// </summary>
/// <remarks>
/// A retry inside the client (after a transport error, a 5xx or a 429, on the server's Retry-After or a backoff) is not
/// a turn of its own: it is rare once the batch stays within the limit, and it comes when the server asked for it.
/// </remarks>
internal sealed class BatchRequestBudget : IRequestPacer
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly object _lock = new();
    private readonly int? _perMinute;
    private readonly TimeSpan _spacing;
    private readonly TimeProvider _time;
    private readonly Queue<Turn> _submits = new();
    private readonly Queue<Turn> _polls = new();
    private readonly Queue<DateTimeOffset> _answered = new();
    private int _unanswered;
    private DateTimeOffset _nextTurn = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private ITimer? _timer;

    /// <summary>A budget of <paramref name="perMinute"/> requests per minute of <paramref name="time"/>; null for no limit (only the pauses after a 429).</summary>
    public BatchRequestBudget(int? perMinute, TimeProvider time)
    {
        _perMinute = perMinute;
        _spacing = perMinute is { } limit ? Window / limit : TimeSpan.Zero;
        _time = time;
    }

    /// <summary>Requests sent so far.</summary>
    public long Sent { get; private set; }

    /// <summary>Waits for a submit's turn (before any poll that waits).</summary>
    public ValueTask WaitSubmitTurnAsync(CancellationToken cancellationToken) => WaitAsync(_submits, cancellationToken);

    /// <summary>Waits for a status poll's turn.</summary>
    public ValueTask WaitTurnAsync(CancellationToken cancellationToken) => WaitAsync(_polls, cancellationToken);

    /// <summary>
    /// The request whose turn was taken got its answer, or <paramref name="failure"/>. A 429 with Retry-After (the key's
    /// limit reached, by this batch or by other use of the key) pauses every request that long.
    /// </summary>
    public void Answered(Exception? failure)
    {
        lock (_lock)
        {
            _unanswered--;
            var now = _time.GetUtcNow();
            if (_perMinute is not null)
            {
                _answered.Enqueue(now);
            }

            if (failure is ApixoApiException { Kind: ApixoErrorKind.RateLimited, RetryAfter: { } wait } && now + wait > _pausedUntil)
            {
                _pausedUntil = now + wait;
            }

            PumpLocked();
        }
    }

    /// <summary>A turn taken and not used: nothing was sent.</summary>
    public void Unused()
    {
        lock (_lock)
        {
            _unanswered--;
            Sent--;
            PumpLocked();
        }
    }

    /// <summary>No request leaves for <paramref name="pause"/> (the server said 429: the key's limit is reached).</summary>
    public void Pause(TimeSpan pause)
    {
        lock (_lock)
        {
            var until = _time.GetUtcNow() + pause;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }

            PumpLocked();
        }
    }

    private async ValueTask WaitAsync(Queue<Turn> queue, CancellationToken cancellationToken)
    {
        Turn turn;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_submits.Count == 0 && _polls.Count == 0 && ReadyAt(now) <= now)
            {
                TakeLocked(now);
                return;
            }

            turn = new Turn(now);
            queue.Enqueue(turn);
            PumpLocked();
        }

        using (cancellationToken.Register(static (state, token) => ((Turn)state!).TrySetCanceled(token), turn))
        {
            // A waiter cancelled here is skipped by the pump, and takes no turn.
            await turn.Task.ConfigureAwait(false);
        }
    }

    // Gives turns to the waiters at the head (submits first) while the budget allows, then sets the timer for the next.
    private void PumpLocked()
    {
        _timer?.Dispose();
        _timer = null;
        while ((_submits.Count > 0 ? _submits : _polls.Count > 0 ? _polls : null) is { } queue)
        {
            if (queue.Peek().Task.IsCanceled)
            {
                queue.Dequeue();
                continue;
            }

            var now = _time.GetUtcNow();
            if (ReadyAt(now) is not { } ready)
            {
                // The window is full of requests not yet answered: the next answer pumps again.
                return;
            }

            if (ready > now)
            {
                _timer = _time.CreateTimer(static state => ((BatchRequestBudget)state!).Pump(), this, ready - now, Timeout.InfiniteTimeSpan);
                return;
            }

            // The turn counts from when it was due (a timer fires late; the next turn does not start later for it), but
            // no more than one turn is made up.
            var turn = queue.Dequeue();
            var due = Latest(Latest(ready, turn.Arrived), now - _spacing);
            if (turn.TrySetResult())
            {
                TakeLocked(due);
            }
        }
    }

    private void Pump()
    {
        lock (_lock)
        {
            PumpLocked();
        }
    }

    private void TakeLocked(DateTimeOffset due)
    {
        _unanswered++;
        Sent++;
        _nextTurn = due + _spacing;
    }

    // When one more request may leave: after a pause, at the next even turn, and once the window has room; null while
    // the window is full of requests not yet answered.
    private DateTimeOffset? ReadyAt(DateTimeOffset now)
    {
        var ready = Latest(_pausedUntil, _nextTurn);
        if (_perMinute is not { } limit)
        {
            return ready;
        }

        while (_answered.Count > 0 && now - _answered.Peek() >= Window)
        {
            _answered.Dequeue();
        }

        if (_unanswered + _answered.Count < limit)
        {
            return ready;
        }

        return _answered.Count == 0 ? null : Latest(ready, _answered.Peek() + Window);
    }

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>A request waiting for its turn, and when it began to wait.</summary>
    private sealed class Turn(DateTimeOffset arrived) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public DateTimeOffset Arrived { get; } = arrived;
    }
}
