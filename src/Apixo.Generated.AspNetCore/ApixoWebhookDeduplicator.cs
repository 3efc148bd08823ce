using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>Remembers the task ids already taken, for a while, so that a repeated callback is handled once.</summary>
public sealed class ApixoWebhookDeduplicator(IOptions<ApixoWebhookOptions> options, TimeProvider time)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _claimed = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <summary>The outcome of a claim.</summary>
    public enum Claim
    {
        /// <summary>The id is new: handle the callback.</summary>
        Taken,

        /// <summary>The id was taken within the window: drop the callback.</summary>
        Duplicate,

        /// <summary>Too many ids are remembered: refuse the callback for now.</summary>
        Full,
    }

    /// <summary>Takes <paramref name="taskId"/>, unless it was taken within the window or the memory is full.</summary>
    public Claim TryClaim(string taskId)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        if (_claimed.ContainsKey(taskId))
        {
            return Claim.Duplicate;
        }

        if (_claimed.Count >= options.Value.MaxRememberedTasks)
        {
            return Claim.Full;
        }

        return _claimed.TryAdd(taskId, now) ? Claim.Taken : Claim.Duplicate;
    }

    /// <summary>Gives <paramref name="taskId"/> back, so that a later callback for it is handled.</summary>
    public void Release(string taskId) => _claimed.TryRemove(taskId, out _);

    // Expired ids are dropped at most once a minute, not on every request.
    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < SweepEvery.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (id, at) in _claimed)
        {
            if (now - at > options.Value.DeduplicationWindow)
            {
                _claimed.TryRemove(id, out _);
            }
        }
    }
}
