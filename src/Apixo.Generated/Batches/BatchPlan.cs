namespace Apixo.Generated.Batches;

/// <summary>What a run of a batch would do, read from its lines and its journal; no call is made to know it.</summary>
/// <param name="Lines">Every line.</param>
/// <param name="ToSubmit">Lines that will be submitted: new, not submitted in an earlier run (budget, 429, server not reached), refused with <see cref="BatchOptions.ResubmitRefused"/>, or of unknown outcome with <see cref="BatchOptions.ResubmitUnknown"/>.</param>
/// <param name="ToResume">Lines with a task id that are not finished: waited for, and their results saved.</param>
/// <param name="Finished">Lines finished in an earlier run (succeeded, failed, refused): only reported.</param>
/// <param name="Unknown">Lines whose submit had no answer, which will not be submitted again.</param>
/// <param name="EstimatedCost">The batch's price: each line's, from the contract's table.</param>
/// <param name="MayHaveSpent">What earlier runs may have spent: each line with a task id, and each submit of unknown outcome.</param>
public sealed record BatchPlan(int Lines, int ToSubmit, int ToResume, int Finished, int Unknown, decimal EstimatedCost, decimal MayHaveSpent);
