using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>
/// Ties each signed callback URL's token to the first task id it came with. A signed URL is made for one
/// submit, so one task: whoever captured it cannot use it to send callbacks for other task ids, each of which
/// would cost a status call. In this process's memory, bounded, kept for <see cref="ApixoWebhookOptions.SignatureMaxAge"/>.
/// </summary>
internal sealed class ApixoWebhookTokenBindings(IOptions<ApixoWebhookOptions> options, TimeProvider time)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Binding> _bindings = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <summary>Whether <paramref name="token"/> may carry <paramref name="taskId"/>: it is new (and is now tied to it), or already tied to it.</summary>
    public bool TryBind(string token, string taskId)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        if (_bindings.Count >= options.Value.MaxRememberedTasks && !_bindings.ContainsKey(token))
        {
            // Full: refusing would refuse genuine callbacks; the per-source bound still limits the cost.
            return true;
        }

        var binding = _bindings.GetOrAdd(token, _ => new Binding(taskId, now + options.Value.SignatureMaxAge));
        return string.Equals(binding.TaskId, taskId, StringComparison.Ordinal);
    }

    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < SweepEvery.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (token, binding) in _bindings)
        {
            if (binding.ExpiresAt <= now)
            {
                _bindings.TryRemove(token, out _);
            }
        }
    }

    private sealed record Binding(string TaskId, DateTimeOffset ExpiresAt);
}
