namespace Apixo.Generated.Sandbox;

/// <summary>
/// Sandbox time: real time run <see cref="Speed"/> times faster, from a fixed start. Shared by the sandbox and a
/// client talking to it, a 60-second first poll becomes one real second, and everything still follows the
/// contract's schedule.
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly DateTimeOffset _start;
    private readonly long _startTimestamp;

    /// <summary>Creates a clock <paramref name="speed"/> times faster than <paramref name="real"/> (1 = real time).</summary>
    public SandboxClock(double speed, TimeProvider? real = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1.0);
        Speed = speed;
        _real = real ?? System;
        _start = _real.GetUtcNow();
        _startTimestamp = _real.GetTimestamp();
    }

    /// <summary>How many sandbox seconds pass in one real second.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _start + (_real.GetElapsedTime(_startTimestamp) * Speed);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    /// <summary>A sandbox duration as real time.</summary>
    public TimeSpan ToReal(TimeSpan sandbox) => Scale(sandbox);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span == TimeSpan.Zero ? span : span / Speed;
}
