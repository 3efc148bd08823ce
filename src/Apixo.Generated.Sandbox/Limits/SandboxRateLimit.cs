using System.Collections.Concurrent;

namespace Apixo.Generated.Sandbox.Limits;

/// <summary>Requests per minute of sandbox time per key, like APIXO's plans: a sliding window.</summary>
internal sealed class SandboxRateLimit(int? requestsPerMinute, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _requests = new(StringComparer.Ordinal);

    /// <summary>Counts a request of <paramref name="key"/>; the seconds to wait when it is over the limit, else null.</summary>
    public int? Take(string key)
    {
        if (requestsPerMinute is not { } limit)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var window = _requests.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (window)
        {
            while (window.Count > 0 && now - window.Peek() >= Window)
            {
                window.Dequeue();
            }

            if (window.Count >= limit)
            {
                return Math.Max(1, (int)Math.Ceiling((window.Peek() + Window - now).TotalSeconds));
            }

            window.Enqueue(now);
            return null;
        }
    }
}
