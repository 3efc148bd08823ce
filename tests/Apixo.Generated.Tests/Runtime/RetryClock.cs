namespace Apixo.Generated.Tests.Runtime;

/// <summary>
/// A clock for the client's retry pipeline over an in-memory server. After each request it jumps to the first
/// wait that began after that request (the retry's delay) and fires it; it never fires the pipeline's timeouts.
/// </summary>
/// <remarks>
/// <see cref="JumpingClock"/> fires the earliest pending timer as soon as there is one. Polly hops threads
/// between an attempt and its retry delay, so at that moment the only timer may be the total timeout, which
/// would then fire early. Tying each jump to a request takes the race away.
/// </remarks>
internal sealed class RetryClock(DateTimeOffset start, Func<int> requests) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<PendingTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new PendingTimer(this, callback, state, requests());
        lock (_gate)
        {
            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _now + dueTime;
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Runs <paramref name="work"/> to its end, jumping over the delay that follows each request.</summary>
    public async Task<T> RunAsync<T>(Task<T> work)
    {
        var fired = 0;
        while (!work.IsCompleted)
        {
            // The first request, or the one after the delay just fired.
            Until(() => work.IsCompleted || requests() > fired, "sent no request");
            if (work.IsCompleted)
            {
                break;
            }

            var after = requests();
            PendingTimer? delay = null;
            Until(() => work.IsCompleted || (delay = FirstCreatedAt(after)) is not null, "neither finished nor waited after a request");
            if (delay is not null && !work.IsCompleted)
            {
                lock (_gate)
                {
                    _timers.Remove(delay);
                    _now = delay.Due > _now ? delay.Due : _now;
                }

                fired = after;
                delay.Fire();
            }

            await Task.Yield();
        }

        return await work;
    }

    private static void Until(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("The code under test " + what + ".");
        }
    }

    private PendingTimer? FirstCreatedAt(int request)
    {
        lock (_gate)
        {
            return _timers.FirstOrDefault(t => !t.Disposed && t.CreatedAtRequest == request && t.Due != DateTimeOffset.MaxValue);
        }
    }

    private sealed class PendingTimer(RetryClock clock, TimerCallback callback, object? state, int createdAtRequest) : ITimer
    {
        public int CreatedAtRequest { get; } = createdAtRequest;

        public DateTimeOffset Due { get; set; }

        public bool Disposed { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : clock._now + dueTime;
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
