using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>
/// What <c>apixo batch</c>'s live bar shows, apart from Spectre.Console so that it can be tested: the lines in flight by
/// stage (queued, submitting, each task state as the server wrote it, saving), the finished lines by outcome, and a cost
/// meter. <see cref="Changed"/> is raised on every state change, not only when a line finishes.
/// </summary>
internal sealed class BatchProgress
{
    private readonly object _lock = new();
    private readonly Dictionary<string, decimal> _prices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _stages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BatchItemOutcome> _outcomes = new(StringComparer.Ordinal);
    private readonly decimal? _maxCost;

    public BatchProgress(IReadOnlyList<BatchItem> items, decimal? maxCost)
    {
        foreach (var item in items)
        {
            _prices[item.Id] = item.EstimatedCost;
        }

        Estimated = items.Sum(item => item.EstimatedCost);
        _maxCost = maxCost;
    }

    /// <summary>Raised after every change (outside the lock, on the thread that made it).</summary>
    public event Action? Changed;

    public int Lines => _prices.Count;

    public decimal Estimated { get; }

    public int Finished
    {
        get
        {
            lock (_lock)
            {
                return _outcomes.Count;
            }
        }
    }

    /// <summary>
    /// What the batch may have cost so far: each finished line's cost, and the price of each line in flight once a task may
    /// exist (its submit has left, or it has a task id). The same count the budget keeps; the estimate is the ceiling.
    /// </summary>
    public decimal MayHaveSpent
    {
        get
        {
            lock (_lock)
            {
                return _outcomes.Values.Sum(outcome => outcome.Cost)
                    + _stages.Where(pair => pair.Value != BatchStage.Queued).Sum(pair => _prices.GetValueOrDefault(pair.Key));
            }
        }
    }

    /// <summary>Lines in flight, by stage, in the order a line goes through them (a task's states in the contract's order).</summary>
    public IReadOnlyList<(string Stage, int Lines)> InFlight()
    {
        lock (_lock)
        {
            return [.. _stages.Values.GroupBy(stage => stage, StringComparer.Ordinal).OrderBy(group => Rank(group.Key)).ThenBy(group => group.Key, StringComparer.Ordinal).Select(group => (group.Key, group.Count()))];
        }
    }

    private static int Rank(string stage) => stage switch
    {
        BatchStage.Queued => 0,
        BatchStage.Submitting => 1,
        BatchStage.Submitted => 2,
        BatchStage.Saving => int.MaxValue,
        // A state the contract does not name goes after those it names.
        _ => TaskStateValues.All.Select(state => state.Value).ToList().IndexOf(stage) is var index and >= 0 ? 3 + index : int.MaxValue - 1,
    };

    /// <summary>Finished lines, by outcome, in the order of <see cref="BatchOutcomeKind"/>.</summary>
    public IReadOnlyList<(BatchOutcomeKind Kind, int Lines)> Done()
    {
        lock (_lock)
        {
            return [.. _outcomes.Values.GroupBy(outcome => outcome.Kind).OrderBy(group => group.Key).Select(group => (group.Key, group.Count()))];
        }
    }

    public void Update(BatchItemUpdate update)
    {
        lock (_lock)
        {
            if (_outcomes.ContainsKey(update.Id))
            {
                return;
            }

            _stages[update.Id] = update.Stage;
        }

        Changed?.Invoke();
    }

    public void Finish(BatchItemOutcome outcome)
    {
        lock (_lock)
        {
            _stages.Remove(outcome.Id);
            _outcomes[outcome.Id] = outcome;
        }

        Changed?.Invoke();
    }

    /// <summary>What the cost meter is measured against: the maximum when there is one, else the estimate.</summary>
    public decimal CostScale => _maxCost is { } max && max > 0 ? max : Estimated;

    /// <summary>The lines row: <c>3/10 done: succeeded 2, failed 1 | queued 4, submitting 1, processing 2</c>.</summary>
    public string DescribeLines()
    {
        var done = string.Join(", ", Done().Select(pair => $"{BatchOutcomes.Name(pair.Kind)} {pair.Lines}"));
        var flying = string.Join(", ", InFlight().Select(pair => $"{TerminalText.Escape(pair.Stage, 32)} {pair.Lines}"));
        return $"{Finished}/{Lines} done{(done.Length > 0 ? ": " + done : string.Empty)} | {(flying.Length > 0 ? flying : "none in flight")}";
    }

    /// <summary>The cost meter's row: <c>cost 0.07 USD of 0.20 USD estimated, max 1.00 USD</c>.</summary>
    public string DescribeCost() =>
        $"cost {BatchReport.Money(MayHaveSpent)} of {BatchReport.Money(Estimated)} estimated{(_maxCost is { } max ? $", max {BatchReport.Money(max)}" : string.Empty)}";
}
