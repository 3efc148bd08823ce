namespace Apixo.Generated.AspNetCore;

/// <summary>
/// The callbacks due for a status call, served in turn by source: a source with a thousand items waiting
/// gets one call, then the next source gets one. A genuine callback waits behind one item per other source,
/// never behind a flood. Unbounded by itself: admission (<see cref="ApixoWebhookSources"/>) bounds what is in it.
/// </summary>
internal sealed class ApixoWebhookReadyQueue : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<ApixoWebhookWork>> _bySource = new(StringComparer.Ordinal);
    private readonly Queue<string> _turns = new();
    private readonly SemaphoreSlim _ready = new(0);

    public void Enqueue(ApixoWebhookWork work)
    {
        lock (_gate)
        {
            if (!_bySource.TryGetValue(work.Source, out var queue))
            {
                queue = new Queue<ApixoWebhookWork>();
                _bySource[work.Source] = queue;
                _turns.Enqueue(work.Source);
            }

            queue.Enqueue(work);
        }

        _ready.Release();
    }

    public async ValueTask<ApixoWebhookWork> DequeueAsync(CancellationToken cancellationToken)
    {
        await _ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var source = _turns.Dequeue();
            var queue = _bySource[source];
            var work = queue.Dequeue();
            if (queue.Count == 0)
            {
                _bySource.Remove(source);
            }
            else
            {
                _turns.Enqueue(source);
            }

            return work;
        }
    }

    public void Dispose() => _ready.Dispose();
}
