using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>Remembers the task ids already taken, for a while, so that a repeated callback is handled once.</summary>
public sealed class ApixoWebhookDeduplicator(IOptions<ApixoWebhookOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claimed = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="taskId"/>; false when it was taken within the window.</summary>
    public bool TryClaim(string taskId)
    {
        var now = time.GetUtcNow();
        foreach (var (id, at) in _claimed)
        {
            if (now - at > options.Value.DeduplicationWindow)
            {
                _claimed.TryRemove(id, out _);
            }
        }

        return _claimed.TryAdd(taskId, now);
    }

    /// <summary>Gives <paramref name="taskId"/> back, so that a later callback for it is handled.</summary>
    public void Release(string taskId) => _claimed.TryRemove(taskId, out _);
}
