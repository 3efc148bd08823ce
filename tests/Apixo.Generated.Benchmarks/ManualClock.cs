namespace Apixo.Generated.Benchmarks;

/// <summary>
/// A clock that moves only when told to, shared by the sandbox and the client, so that thousands of waits can be
/// held between two polls and measured there. Its timers are kept in one set, not a timer queue per due time; it
/// counts the timers of <c>Task.Delay</c> (their state is the delay's task) apart from the timeouts' timers.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;
    private long _delaysFired;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>How many <c>Task.Delay</c> waits are pending: waits parked between two polls.</summary>
    public int PendingDelays
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                foreach (var timer in _timers)
                {
                    count += timer.State is Task ? 1 : 0;
                }

                return count;
            }
        }
    }

    /// <summary>How many <c>Task.Delay</c> waits have ended on time so far: one before each scheduled poll.</summary>
    public long DelaysFired => Interlocked.Read(ref _delaysFired);

    /// <summary>Moves the clock forward, firing each timer that falls due on the way, in the order of their due times.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            List<ManualTimer> due = [];
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.Due <= target)
                    {
                        due.Add(timer);
                    }
                }

                if (due.Count == 0)
                {
                    _now = target;
                    return;
                }

                due.Sort((a, b) => a.Due.CompareTo(b.Due));
            }

            foreach (var timer in due)
            {
                if (!timer.TryTake(target, out var at))
                {
                    continue;
                }

                lock (_gate)
                {
                    if (at > _now)
                    {
                        _now = at;
                    }
                }

                if (timer.State is Task)
                {
                    Interlocked.Increment(ref _delaysFired);
                }

                timer.Fire();
            }
        }
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public object? State { get; } = state;

        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    clock._timers.Remove(this);
                }
                else
                {
                    Due = clock._now + dueTime;
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        // Takes the timer off the set (or moves it a period on) when it is still due; false when it was changed or disposed meanwhile.
        public bool TryTake(DateTimeOffset target, out DateTimeOffset at)
        {
            lock (clock._gate)
            {
                at = Due;
                if (Due > target || !clock._timers.Contains(this))
                {
                    return false;
                }

                if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
                {
                    clock._timers.Remove(this);
                }
                else
                {
                    Due += _period;
                }

                return true;
            }
        }

        public void Fire() => callback(State);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
