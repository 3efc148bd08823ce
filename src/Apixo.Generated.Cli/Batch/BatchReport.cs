using System.Globalization;
using Apixo.Generated.Batches;
using Spectre.Console;

namespace Apixo.Generated.Cli;

/// <summary>What <c>apixo batch</c> shows: the plan, a line per outcome (or a live bar on a terminal), and the summary.</summary>
internal sealed class BatchReport(CliOutput io)
{
    private readonly List<BatchItemOutcome> _outcomes = [];
    private readonly Dictionary<string, string> _stages = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public IReadOnlyList<BatchItemOutcome> Outcomes => _outcomes;

    public static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture) + " " + GptImage2Pricing.Currency;

    public void Plan(BatchPlan plan, IReadOnlyList<BatchItem> items, decimal? maxCost)
    {
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
    public async Task ConsumeAsync(IAsyncEnumerable<BatchItemOutcome> outcomes, int lines, CancellationToken cancellationToken)
    {
        if (!io.Interactive)
        {
            await foreach (var outcome in outcomes.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                _outcomes.Add(outcome);
                io.Say(Describe(outcome));
                Warn(outcome);
            }

            return;
        }

        await AnsiConsole.Progress().AutoClear(false).StartAsync(async context =>
        {
            var bar = context.AddTask(Markup.Escape(Counts()), maxValue: lines);
            await foreach (var outcome in outcomes.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                lock (_lock)
                {
                    _outcomes.Add(outcome);
                    _stages.Remove(outcome.Id);
                }

                bar.Increment(1);
                bar.Description = Markup.Escape(Counts());
                Warn(outcome);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Told of each state change while the batch runs (the bar counts lines in flight by stage).</summary>
    public void Update(BatchItemUpdate update)
    {
        lock (_lock)
        {
            _stages[update.Id] = update.Stage;
        }
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
            AnsiConsole.Write(table);
            return;
        }

        io.Say("Summary: " + string.Join(", ", Enum.GetValues<BatchOutcomeKind>().Select(kind => $"{byKind.GetValueOrDefault(kind)} {BatchOutcomes.Name(kind)}")) + $"; cost {Money(cost)} (estimated from the contract's prices).");
        foreach (var (code, count, advice) in failures)
        {
            io.Say($"  failed {code}: {count}{(advice.Length > 0 ? " (" + advice + ")" : string.Empty)}");
        }
    }

    private string Counts()
    {
        lock (_lock)
        {
            var done = string.Join(" ", _outcomes.GroupBy(o => o.Kind).Select(group => $"{BatchOutcomes.Name(group.Key)} {group.Count()}"));
            var flying = string.Join(" ", _stages.Values.GroupBy(stage => stage, StringComparer.Ordinal).Select(group => $"{TerminalText.Escape(group.Key, 32)} {group.Count()}"));
            return $"{done} | in flight: {flying} | {Money(_outcomes.Sum(o => o.Cost))}";
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
