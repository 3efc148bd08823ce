namespace Apixo.Generated.Batches;

/// <summary>One request of a batch: the caller's id (unique in the batch, names its files) and a request built through the generated builders.</summary>
/// <param name="Id">The caller's id of the line; its journal entries and its files are named after it.</param>
/// <param name="Request">The request, built with <see cref="GptImage2"/> or <see cref="GptImage2Modes.TryBuild"/>, so it cannot break the contract.</param>
public sealed record BatchItem(string Id, GenerateTaskRequest Request)
{
    /// <summary>The request's price from the contract's table (<see cref="GptImage2Pricing"/>), in <see cref="GptImage2Pricing.Currency"/>.</summary>
    public decimal EstimatedCost => GptImage2Pricing.EstimateCost(Request);
}
