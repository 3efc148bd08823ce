using Microsoft.Extensions.Caching.Distributed;

namespace Apixo.Generated.AspNetCore;

/// <summary>
/// Claims in the application's <see cref="IDistributedCache"/>, shared by every instance. The cache has no
/// set-if-absent, so a claim is: read (another owner → duplicate), write our unique owner value, wait a
/// moment, read back. When two instances claim at once, both write; the settle wait lets the later write land
/// before either reads back, so only the last writer sees its own value. The holder is checked again just
/// before the handler runs, after the status call. Two handlers for one task would need one instance to stall
/// between its read and its write for longer than the settle wait plus a status call.
/// </summary>
internal sealed class ApixoWebhookDistributedStore(IDistributedCache cache, TimeProvider time) : IApixoWebhookDeduplicationStore
{
    /// <summary>Longer than two cache round trips by far, and far inside the time APIXO waits for an answer (<see cref="GptImage2CallbackDelivery.AnswerTimeout"/>).</summary>
    internal static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(200);

    private const string KeyPrefix = "apixo:webhook:claim:";

    public async ValueTask<ApixoWebhookClaimResult> TryClaimAsync(string taskId, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var key = KeyPrefix + taskId;
        var holder = await cache.GetStringAsync(key, cancellationToken).ConfigureAwait(false);
        if (holder is not null && holder != owner)
        {
            return ApixoWebhookClaimResult.Duplicate;
        }

        await cache.SetStringAsync(key, owner, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lease }, cancellationToken).ConfigureAwait(false);
        await Task.Delay(SettleTime, time, cancellationToken).ConfigureAwait(false);
        holder = await cache.GetStringAsync(key, cancellationToken).ConfigureAwait(false);
        return holder == owner ? ApixoWebhookClaimResult.Taken : ApixoWebhookClaimResult.Duplicate;
    }

    public async ValueTask<bool> IsHeldByAsync(string taskId, string owner, CancellationToken cancellationToken) =>
        await cache.GetStringAsync(KeyPrefix + taskId, cancellationToken).ConfigureAwait(false) == owner;

    public async ValueTask CompleteAsync(string taskId, string owner, TimeSpan window, CancellationToken cancellationToken) =>
        await cache.SetStringAsync(KeyPrefix + taskId, owner, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = window }, cancellationToken).ConfigureAwait(false);

    public async ValueTask ReleaseAsync(string taskId, string owner, CancellationToken cancellationToken)
    {
        // Read then remove is not atomic: at worst a claim taken in between is dropped, and APIXO's next retry is handled.
        if (await IsHeldByAsync(taskId, owner, cancellationToken).ConfigureAwait(false))
        {
            await cache.RemoveAsync(KeyPrefix + taskId, cancellationToken).ConfigureAwait(false);
        }
    }
}
