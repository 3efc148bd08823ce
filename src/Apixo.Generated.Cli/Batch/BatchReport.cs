using System.Globalization;
using Apixo.Generated.Batches;
using Spectre.Console;

namespace Apixo.Generated.Cli;

/// <summary>
/// What <c>apixo batch</c> shows: the plan, then a live bar on a terminal (counts per state and a cost meter, redrawn on
/// every state change) or a plain line per finished line when the output is redirected, and the summary.
/// </summary>
internal sealed class BatchReport(CliOutput io, IAnsiConsole? console = null)
{
    private readonly List<BatchItemOutcome> _outcomes = [];
    private readonly IAnsiConsole _console = console ?? AnsiConsole.Console;
    private BatchProgress? _progress;

    public IReadOnlyList<BatchItemOutcome> Outcomes => _outcomes;

    public static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture) + " " + GptImage2Pricing.Currency;

    public void Plan(BatchPlan plan, IReadOnlyList<BatchItem> items, decimal? maxCost)
    {
        _progress = new BatchProgress(items, maxCost);
        var tiers = items.GroupBy(item => item.Request.Input.Resolution ?? ResolutionValues.Default)
            .OrderBy(group => group.Key)
            .Select(group => $"{ResolutionValues.ToWire(group.Key)} x{group.Count()} at {Money(GptImage2Pricing.PricePerImage(group.Key))}");
        io.Say($"Batch: {plan.Lines} lines ({plan.ToSubmit} to submit, {plan.ToResume} to wait for, {plan.Finished} finished, {plan.Unknown} of unknown outcome).");
        io.Say($"Estimated cost: {Money(plan.EstimatedCost)} ({string.Join(", ", tiers)}; from the contract's prices){(maxCost is { } max ? $", maximum {Money(max)}" : string.Empty)}.");
        if (plan.MayHaveSpent > 0)
        {
            io.Say($"Earlier runs may have spent {Money(plan.MayHaveSpent)} of it.");
        }
    }

    /// <summary>Reads every outcome, showing progress: a live bar on a terminal, a line per outcome otherwise.</summary>
    public async Task ConsumeAsync(IAsyncEnumerable<BatchItemOutcome> outcomes, CancellationToken cancellationToken)
    {
        var progress = _progress ?? throw new InvalidOperationException("Plan first.");
        if (!io.Interactive)
        {
            await foreach (var outcome in outcomes.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                Add(progress, outcome);
                io.Say($"[{progress.Finished}/{progress.Lines}] {Describe(outcome)}");
                Warn(outcome);
            }

            return;
        }

        await _console.Progress().AutoClear(false).StartAsync(async context =>
        {
            // Two rows: the lines (finished of all, counts by outcome and by stage) and the cost meter (what may have been
            // spent, against the maximum or else the estimate).
            var lines = context.AddTask(Markup.Escape(progress.DescribeLines()), maxValue: Math.Max(1, progress.Lines));
            var cost = context.AddTask(Markup.Escape(progress.DescribeCost()), maxValue: Math.Max(double.Epsilon, (double)progress.CostScale));
            // Every state change redraws at once, from whichever thread it comes (Spectre.Console renders under its own lock).
            void Redraw()
            {
                lines.Value = progress.Finished;
                lines.Description = Markup.Escape(progress.DescribeLines());
                cost.Value = Math.Min(cost.MaxValue, (double)progress.MayHaveSpent);
                cost.Description = Markup.Escape(progress.DescribeCost());
                context.Refresh();
            }

            progress.Changed += Redraw;
            try
            {
                await foreach (var outcome in outcomes.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    Add(progress, outcome);
                    Warn(outcome);
                }
            }
            finally
            {
                progress.Changed -= Redraw;
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Told of each state change while the batch runs.</summary>
    public void Update(BatchItemUpdate update) => _progress?.Update(update);

    private void Add(BatchProgress progress, BatchItemOutcome outcome)
    {
        _outcomes.Add(outcome);
        progress.Finish(outcome);
    }

    public void Summary()
    {
        var byKind = _outcomes.GroupBy(o => o.Kind).ToDictionary(group => group.Key, group => group.Count());
        var cost = _outcomes.Sum(o => o.Cost);
        var failures = _outcomes.Where(o => o.Kind == BatchOutcomeKind.Failed)
            .GroupBy(o => o.FailCode ?? "(no fail code)", StringComparer.Ordinal)
            .OrderByDescending(group => group.Count())
            .Select(group => (Code: TerminalText.Escape(group.Key, 64), group.Count(), Advice: new FailCode(group.Key).Advice))
            .ToList();
        if (io.Interactive)
        {
            var table = new Table().AddColumn("Outcome").AddColumn(new TableColumn("Lines").RightAligned()).AddColumn("Note");
            foreach (var kind in Enum.GetValues<BatchOutcomeKind>())
            {
                table.AddRow(BatchOutcomes.Name(kind), byKind.GetValueOrDefault(kind).ToString(CultureInfo.InvariantCulture), string.Empty);
            }

            foreach (var (code, count, advice) in failures)
            {
                table.AddRow(Markup.Escape("  failed " + code), count.ToString(CultureInfo.InvariantCulture), Markup.Escape(advice));
            }

            table.AddRow("cost", Markup.Escape(Money(cost)), "estimated from the contract's prices");
            _console.Write(table);
            return;
        }

        io.Say("Summary: " + string.Join(", ", Enum.GetValues<BatchOutcomeKind>().Select(kind => $"{byKind.GetValueOrDefault(kind)} {BatchOutcomes.Name(kind)}")) + $"; cost {Money(cost)} (estimated from the contract's prices).");
        foreach (var (code, count, advice) in failures)
        {
            io.Say($"  failed {code}: {count}{(advice.Length > 0 ? " (" + advice + ")" : string.Empty)}");
        }
    }

    private static string Describe(BatchItemOutcome outcome)
    {
        var text = $"{TerminalText.Escape(outcome.Id, 128)}: {BatchOutcomes.Name(outcome.Kind)}";
        if (outcome.TaskId is { } taskId)
        {
            text += $" (task {TerminalText.Escape(taskId, 128)})";
        }

        if (outcome.FailCode is { } code)
        {
            text += $" {TerminalText.Escape(code, 64)}: {TerminalText.Escape(outcome.FailMessage ?? string.Empty, 256)}";
        }

        if (outcome.Files.Count > 0)
        {
            text += " -> " + string.Join(", ", outcome.Files.Select(file => TerminalText.Escape(file)));
        }

        if (outcome.Message is { } message && outcome.Kind != BatchOutcomeKind.Succeeded)
        {
            text += " - " + TerminalText.Escape(message, 512);
        }

        return text;
    }

    private void Warn(BatchItemOutcome outcome)
    {
        foreach (var warning in outcome.Warnings)
        {
            io.Error.WriteLine($"apixo: warning: {TerminalText.Escape(outcome.Id, 128)}: {TerminalText.Escape(warning, 512)}");
        }
    }
}
