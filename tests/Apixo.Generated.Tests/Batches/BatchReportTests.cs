using Apixo.Generated.Batches;
using Apixo.Generated.Cli;
using Spectre.Console;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// What <c>apixo batch</c> shows while it runs: the counts model behind the live bar (lines by stage and by outcome, the
/// cost meter), the bar redrawn on every state change on a terminal, and a plain line per finished line when redirected.
/// </summary>
public sealed class BatchReportTests
{
    private static readonly decimal Price = GptImage2Pricing.PricePerImage(ResolutionValues.Default);

    private static BatchItem[] Items(int count) => [.. Enumerable.Range(1, count).Select(i => new BatchItem($"l{i}", GptImage2.TextToImage($"picture {i}").Build()))];

    private static BatchPlan PlanOf(BatchItem[] items) => new(items.Length, items.Length, 0, 0, 0, BatchRunner.EstimateCost(items), 0m);

    private static BatchItemOutcome Outcome(string id, BatchOutcomeKind kind, decimal cost) => new() { Id = id, Kind = kind, Cost = cost };

    [Fact]
    public void The_progress_counts_lines_by_stage_and_by_outcome_and_meters_what_may_have_been_spent()
    {
        var items = Items(4);
        var progress = new BatchProgress(items, maxCost: 1m);
        var changes = 0;
        progress.Changed += () => changes++;
        var state = TaskStateValues.All[0].Value;

        foreach (var item in items)
        {
            progress.Update(new BatchItemUpdate(item.Id, BatchStage.Queued, null));
        }

        Assert.Equal(0m, progress.MayHaveSpent);
        progress.Update(new BatchItemUpdate("l1", BatchStage.Submitting, null));
        progress.Update(new BatchItemUpdate("l2", BatchStage.Submitting, null));
        progress.Update(new BatchItemUpdate("l1", state, "task_1"));

        Assert.Equal([(BatchStage.Queued, 2), (BatchStage.Submitting, 1), (state, 1)], progress.InFlight());
        // A submit that left may have created a task: it counts, as the budget counts it.
        Assert.Equal(2 * Price, progress.MayHaveSpent);

        progress.Finish(Outcome("l2", BatchOutcomeKind.Refused, 0m));
        progress.Finish(Outcome("l1", BatchOutcomeKind.Succeeded, Price));
        // A late update of a finished line changes nothing.
        progress.Update(new BatchItemUpdate("l1", BatchStage.Saving, "task_1"));

        Assert.Equal(9, changes);
        Assert.Equal(2, progress.Finished);
        Assert.Equal([(BatchOutcomeKind.Succeeded, 1), (BatchOutcomeKind.Refused, 1)], progress.Done());
        Assert.Equal([(BatchStage.Queued, 2)], progress.InFlight());
        Assert.Equal(Price, progress.MayHaveSpent);
        Assert.Equal($"2/4 done: {BatchOutcomes.Name(BatchOutcomeKind.Succeeded)} 1, {BatchOutcomes.Name(BatchOutcomeKind.Refused)} 1 | {BatchStage.Queued} 2", progress.DescribeLines());
        Assert.Equal($"cost {BatchReport.Money(Price)} of {BatchReport.Money(4 * Price)} estimated, max {BatchReport.Money(1m)}", progress.DescribeCost());
        Assert.Equal(1m, progress.CostScale);
    }

    [Fact]
    public async Task On_a_terminal_the_bar_is_redrawn_on_every_state_change_not_only_when_a_line_finishes()
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(screen),
        });
        console.Profile.Width = 400;
        var items = Items(2);
        var report = new BatchReport(new CliOutput(new StringWriter(), new StringWriter(), json: false, interactive: true), console);
        report.Plan(PlanOf(items), items, maxCost: null);
        var state = TaskStateValues.All[0].Value;
        var seen = new List<string>();

        async IAsyncEnumerable<BatchItemOutcome> Run()
        {
            foreach (var (id, stage) in new[] { ("l1", BatchStage.Queued), ("l2", BatchStage.Queued), ("l1", BatchStage.Submitting), ("l1", state) })
            {
                var before = screen.ToString().Length;
                report.Update(new BatchItemUpdate(id, stage, null));
                await Task.Yield();
                seen.Add(screen.ToString()[before..]);
            }

            yield return Outcome("l1", BatchOutcomeKind.Succeeded, Price);
        }

        await report.ConsumeAsync(Run(), CancellationToken.None);

        // Each change drew a frame of its own, with the counts and the cost it made, before any line finished.
        Assert.Contains($"0/2 done | {BatchStage.Queued} 2", seen[1], StringComparison.Ordinal);
        Assert.Contains($"cost {BatchReport.Money(0m)} of {BatchReport.Money(2 * Price)} estimated", seen[1], StringComparison.Ordinal);
        Assert.Contains($"0/2 done | {BatchStage.Queued} 1, {BatchStage.Submitting} 1", seen[2], StringComparison.Ordinal);
        Assert.Contains($"cost {BatchReport.Money(Price)} of {BatchReport.Money(2 * Price)} estimated", seen[2], StringComparison.Ordinal);
        Assert.Contains($"0/2 done | {BatchStage.Queued} 1, {state} 1", seen[3], StringComparison.Ordinal);
        Assert.Contains($"1/2 done: {BatchOutcomes.Name(BatchOutcomeKind.Succeeded)} 1 | {BatchStage.Queued} 1", screen.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirected_it_prints_one_plain_line_per_finished_line_with_the_count_and_warnings_on_stderr()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var items = Items(2);
        var report = new BatchReport(new CliOutput(stdout, stderr, json: false, interactive: false));
        report.Plan(PlanOf(items), items, maxCost: null);

        async IAsyncEnumerable<BatchItemOutcome> Run()
        {
            report.Update(new BatchItemUpdate("l1", BatchStage.Submitting, null));
            yield return Outcome("l1", BatchOutcomeKind.Succeeded, Price) with { TaskId = "task_1", Warnings = ["its results expire in 30 min (results live 24 h)"] };
            await Task.Yield();
            yield return Outcome("l2", BatchOutcomeKind.Refused, 0m) with { Message = "APIXO submit failed (HTTP 402, InsufficientBalance)", ErrorKind = ApixoErrorKind.InsufficientBalance };
        }

        await report.ConsumeAsync(Run(), CancellationToken.None);

        var lines = stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[2..];
        Assert.Equal(
            [$"[1/2] l1: {BatchOutcomes.Name(BatchOutcomeKind.Succeeded)} (task task_1)", $"[2/2] l2: {BatchOutcomes.Name(BatchOutcomeKind.Refused)} - APIXO submit failed (HTTP 402, InsufficientBalance)"],
            lines);
        Assert.DoesNotContain('\u001b', stdout.ToString());
        Assert.Equal($"apixo: warning: l1: its results expire in 30 min (results live 24 h){Environment.NewLine}", stderr.ToString());
    }
}
