namespace Apixo.Generated.AspNetCore;

/// <summary>The outcome of <see cref="IApixoWebhookDeduplicationStore.TryClaimAsync"/>.</summary>
public enum ApixoWebhookClaimResult
{
    /// <summary>The id is ours: confirm and handle the callback.</summary>
    Taken,

    /// <summary>Another claim holds the id: drop the callback.</summary>
    Duplicate,

    /// <summary>The store cannot remember more ids: refuse the callback for now (APIXO retries).</summary>
    Full,
}
