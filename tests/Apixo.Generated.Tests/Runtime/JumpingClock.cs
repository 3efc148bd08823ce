namespace Apixo.Generated.Tests.Runtime;

/// <summary>
/// A clock for polling tests: time stands still until the code under test waits, then jumps straight to the
/// end of that wait. A test of a four-minute wait runs in milliseconds and sees exact times.
/// </summary>
internal sealed class JumpingClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<PendingTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    // Durations measured by the code under test (Polly, the client's retry budget) follow the jumps too.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new PendingTimer(this, callback, state);
        lock (_gate)
        {
            timer.Due = _now + dueTime;
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Runs <paramref name="work"/> to its end, jumping over every wait it makes.</summary>
    public async Task<T> RunAsync<T>(Task<T> work)
    {
        while (!work.IsCompleted)
        {
            PendingTimer? next = null;
            if (SpinWait.SpinUntil(() => work.IsCompleted || (next = Earliest()) is not null, TimeSpan.FromSeconds(10)) && next is not null)
            {
                lock (_gate)
                {
                    _timers.Remove(next);
                    if (next.Due > _now)
                    {
                        _now = next.Due;
                    }
                }

                next.Fire();
            }
            else if (!work.IsCompleted)
            {
                throw new TimeoutException("The code under test neither finished nor waited on the clock.");
            }

            await Task.Yield();
        }

        return await work;
    }

    /// <summary>Moves time forward without firing anything (the caller's own time passing).</summary>
    public void Pass(TimeSpan span)
    {
        lock (_gate)
        {
            _now += span;
        }
    }

    private PendingTimer? Earliest()
    {
        lock (_gate)
        {
            return _timers.Where(t => !t.Disposed).OrderBy(t => t.Due).FirstOrDefault();
        }
    }

    private sealed class PendingTimer(JumpingClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public bool Disposed { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Due = clock._now + dueTime;
            }

            return true;
        }

        public void Dispose()
        {
            Disposed = true;
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
