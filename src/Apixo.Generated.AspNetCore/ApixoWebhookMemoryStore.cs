using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>The default store: task ids in this process's memory, bounded, each claim atomic. One instance only.</summary>
internal sealed class ApixoWebhookMemoryStore(IOptions<ApixoWebhookOptions> options, TimeProvider time) : IApixoWebhookDeduplicationStore
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _claimed = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    public ValueTask<ApixoWebhookClaimResult> TryClaimAsync(string taskId, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        var entry = new Entry(owner, now + lease);
        while (true)
        {
            if (_claimed.TryGetValue(taskId, out var existing))
            {
                if (existing.ExpiresAt > now)
                {
                    return ValueTask.FromResult(ApixoWebhookClaimResult.Duplicate);
                }

                // An expired claim (a lease whose holder vanished) is replaced, atomically.
                if (_claimed.TryUpdate(taskId, entry, existing))
                {
                    return ValueTask.FromResult(ApixoWebhookClaimResult.Taken);
                }

                continue;
            }

            if (_claimed.Count >= options.Value.MaxRememberedTasks)
            {
                return ValueTask.FromResult(ApixoWebhookClaimResult.Full);
            }

            if (_claimed.TryAdd(taskId, entry))
            {
                return ValueTask.FromResult(ApixoWebhookClaimResult.Taken);
            }
        }
    }

    public ValueTask<bool> IsHeldByAsync(string taskId, string owner, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_claimed.TryGetValue(taskId, out var entry) && entry.Owner == owner);

    public ValueTask CompleteAsync(string taskId, string owner, TimeSpan window, CancellationToken cancellationToken)
    {
        if (_claimed.TryGetValue(taskId, out var entry) && entry.Owner == owner)
        {
            _claimed.TryUpdate(taskId, entry with { ExpiresAt = time.GetUtcNow() + window }, entry);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(string taskId, string owner, CancellationToken cancellationToken)
    {
        if (_claimed.TryGetValue(taskId, out var entry) && entry.Owner == owner)
        {
            _claimed.TryRemove(new KeyValuePair<string, Entry>(taskId, entry));
        }

        return ValueTask.CompletedTask;
    }

    // Expired ids are dropped at most once a minute, not on every request.
    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < SweepEvery.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var pair in _claimed)
        {
            if (pair.Value.ExpiresAt <= now)
            {
                _claimed.TryRemove(pair);
            }
        }
    }

    private sealed record Entry(string Owner, DateTimeOffset ExpiresAt);
}
