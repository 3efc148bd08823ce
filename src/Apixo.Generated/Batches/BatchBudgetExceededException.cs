namespace Apixo.Generated.Batches;

/// <summary>The batch's estimated cost is above its maximum: nothing was submitted.</summary>
public sealed class BatchBudgetExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public BatchBudgetExceededException(decimal estimated, decimal maxCost)
        : base($"The batch would cost {estimated} {GptImage2Pricing.Currency} (estimated from the contract's prices, with what earlier runs may have spent), above the maximum of {maxCost} {GptImage2Pricing.Currency}: nothing was submitted.")
    {
        Estimated = estimated;
        MaxCost = maxCost;
    }

    /// <summary>The estimate.</summary>
    public decimal Estimated { get; }

    /// <summary>The maximum.</summary>
    public decimal MaxCost { get; }
}
