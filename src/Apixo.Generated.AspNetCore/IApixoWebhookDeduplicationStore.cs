namespace Apixo.Generated.AspNetCore;

/// <summary>
/// Where the receiver records which task ids it has taken, so that a task is handled once although APIXO
/// calls back up to 3 more times. The default is in memory; <see cref="ApixoWebhookOptions.UseDistributedCache"/>
/// uses the registered <c>IDistributedCache</c>. Register your own before <c>AddApixoWebhooks</c> for a store
/// with an atomic set-if-absent (Redis <c>SET NX</c>).
/// </summary>
public interface IApixoWebhookDeduplicationStore
{
    /// <summary>
    /// Claims <paramref name="taskId"/> for <paramref name="owner"/> (a value unique to this claim) for
    /// <paramref name="lease"/>, unless another owner holds it.
    /// </summary>
    ValueTask<ApixoWebhookClaimResult> TryClaimAsync(string taskId, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="owner"/> still holds <paramref name="taskId"/>: asked just before the handler runs.</summary>
    ValueTask<bool> IsHeldByAsync(string taskId, string owner, CancellationToken cancellationToken);

    /// <summary>Keeps the claim for <paramref name="window"/> once the task is handled, so that later repeats are dropped.</summary>
    ValueTask CompleteAsync(string taskId, string owner, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Gives <paramref name="taskId"/> back if <paramref name="owner"/> holds it, so that a later callback for it is handled.</summary>
    ValueTask ReleaseAsync(string taskId, string owner, CancellationToken cancellationToken);
}
