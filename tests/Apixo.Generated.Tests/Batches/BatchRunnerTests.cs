using Apixo.Generated.Batches;
using Apixo.Generated.Tests.Runtime;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// <see cref="BatchRunner"/> against a fake API on a jumping clock: one outcome per line, the journal's order (intent
/// before the submit, task id after), the resume rules, the budget, 429s and the result lifetime. Prices, states and
/// the lifetime come from the generated tables.
/// </summary>
public sealed class BatchRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly JumpingClock _clock = new(Start);
    private readonly BatchFakeApi _api;
    private readonly ApixoClient _client;

    public BatchRunnerTests()
    {
        _api = new BatchFakeApi(_clock);
        _client = new ApixoClient(_api, Options.Create(new ApixoClientOptions { ApiKey = "sk-batch-test" }), _clock);
    }

    private static BatchItem Item(string id, string prompt = "a lighthouse", Resolution? resolution = null)
    {
        var builder = GptImage2.TextToImage(prompt);
        if (resolution is { } tier)
        {
            builder.WithResolution(tier);
        }

        return new BatchItem(id, builder.Build());
    }

    private async Task<List<BatchItemOutcome>> RunAsync(BatchRunner runner, IReadOnlyList<BatchItem> items) =>
        await _clock.RunAsync(Collect(runner.RunAsync(items)));

    private static async Task<List<BatchItemOutcome>> Collect(IAsyncEnumerable<BatchItemOutcome> outcomes)
    {
        var all = new List<BatchItemOutcome>();
        await foreach (var outcome in outcomes)
        {
            all.Add(outcome);
        }

        return all;
    }

    private static BatchJournalRecord Record(BatchJournalRecordKind kind, string id, Func<BatchJournalRecord, BatchJournalRecord>? fill = null)
    {
        var record = new BatchJournalRecord { Kind = kind, Id = id, At = Start };
        return fill is null ? record : fill(record);
    }

    [Fact]
    public async Task Every_line_gets_one_outcome_and_its_intent_is_journalled_before_its_task_id()
    {
        var journal = new MemoryBatchJournal();
        var store = new RecordingResultStore();
        var items = new[] { Item("a"), Item("b", resolution: Resolution.Res2K), Item("c", "[fail] a storm"), Item("d", "[refuse]") };

        var outcomes = await RunAsync(new BatchRunner(_client, journal, new BatchOptions { Concurrency = 2 }, store), items);

        Assert.Equal(["a", "b", "c", "d"], outcomes.Select(o => o.Id).Order());
        var byId = outcomes.ToDictionary(o => o.Id);
        Assert.Equal(BatchOutcomeKind.Succeeded, byId["a"].Kind);
        Assert.Equal(["a-0.png"], byId["a"].Files);
        Assert.Equal(GptImage2Pricing.PricePerImage(Resolution.Res2K), byId["b"].Cost);
        Assert.Equal(BatchOutcomeKind.Failed, byId["c"].Kind);
        Assert.Equal(FailCode.Known[0].Value, byId["c"].FailCode);
        Assert.Equal(BatchOutcomeKind.Refused, byId["d"].Kind);
        Assert.Equal(0m, byId["d"].Cost);
        Assert.Equal(3, _api.AcceptedSubmits);
        foreach (var id in new[] { "a", "b", "c" })
        {
            var kinds = journal.Records.Where(r => r.Id == id).Select(r => r.Kind).ToList();
            Assert.True(kinds.IndexOf(BatchJournalRecordKind.Intent) < kinds.IndexOf(BatchJournalRecordKind.Submitted), string.Join(",", kinds));
            Assert.Equal(BatchJournalRecordKind.Finished, kinds[^1]);
            Assert.Equal(byId[id].TaskId, journal.Records.Single(r => r.Id == id && r.Kind == BatchJournalRecordKind.Submitted).TaskId);
        }
    }

    [Fact]
    public async Task A_batch_above_its_maximum_cost_does_not_start()
    {
        var items = new[] { Item("a"), Item("b", resolution: Resolution.Res4K) };
        var estimate = BatchRunner.EstimateCost(items);
        var runner = new BatchRunner(_client, new MemoryBatchJournal(), new BatchOptions { MaxCost = estimate - 0.001m });

        var refused = await Assert.ThrowsAsync<BatchBudgetExceededException>(() => RunAsync(runner, items));

        Assert.Equal(estimate, refused.Estimated);
        Assert.Equal(0, _api.SubmitCalls);
        Assert.Equal(ResolutionValues.All.Sum(GptImage2Pricing.PricePerImage) - GptImage2Pricing.PricePerImage(Resolution.Res2K), estimate);
    }

    [Fact]
    public async Task Submits_stop_before_what_may_have_been_spent_passes_the_maximum()
    {
        // Line a's earlier submit had no answer: it may have been billed. Resubmitting it is allowed, but the three lines'
        // price is the budget, and a second payment for a would pass it.
        var journal = new MemoryBatchJournal(Record(BatchJournalRecordKind.Intent, "a"));
        var items = new[] { Item("b"), Item("c"), Item("a") };
        var options = new BatchOptions { Concurrency = 1, MaxCost = BatchRunner.EstimateCost(items), ResubmitUnknown = true };

        var outcomes = await RunAsync(new BatchRunner(_client, journal, options), items);

        Assert.Equal(2, _api.AcceptedSubmits);
        var a = outcomes.Single(o => o.Id == "a");
        Assert.Equal(BatchOutcomeKind.NotSubmitted, a.Kind);
        Assert.Contains("maximum", a.Message, StringComparison.Ordinal);
        Assert.All(outcomes.Where(o => o.Id != "a"), o => Assert.Equal(BatchOutcomeKind.Succeeded, o.Kind));
    }

    [Fact]
    public async Task A_line_with_a_task_id_is_never_submitted_again_its_task_is_waited_for()
    {
        _api.Known("task_earlier", "a lighthouse");
        var journal = new MemoryBatchJournal(
            Record(BatchJournalRecordKind.Intent, "a"),
            Record(BatchJournalRecordKind.Submitted, "a", r => r with { TaskId = "task_earlier", Token = _client.ResumeOperation("task_earlier", Resolution.Res1K, Start).RehydrationToken }),
            Record(BatchJournalRecordKind.State, "a", r => r with { State = TaskStateValues.All[0].Value }));

        var outcomes = await RunAsync(new BatchRunner(_client, journal, results: new RecordingResultStore()), [Item("a")]);

        var a = Assert.Single(outcomes);
        Assert.Equal((BatchOutcomeKind.Succeeded, "task_earlier"), (a.Kind, a.TaskId));
        Assert.Equal(0, _api.SubmitCalls);
        Assert.Contains("task_earlier", _api.StatusCalls);
    }

    [Fact]
    public async Task A_token_made_by_a_clock_ahead_of_this_one_is_polled_at_once_not_past_the_deadline()
    {
        _api.Known("task_ahead", "a lighthouse");
        var ahead = _client.ResumeOperation("task_ahead", Resolution.Res1K, Start + TimeSpan.FromDays(1)).RehydrationToken;
        var journal = new MemoryBatchJournal(Record(BatchJournalRecordKind.Submitted, "a", r => r with { TaskId = "task_ahead", Token = ahead }));

        var outcome = Assert.Single(await RunAsync(new BatchRunner(_client, journal), [Item("a")]));

        Assert.Equal(BatchOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(0, _api.SubmitCalls);
        Assert.True(_clock.GetUtcNow() - Start < TimeSpan.FromMinutes(1), (_clock.GetUtcNow() - Start).ToString());
    }

    [Fact]
    public async Task An_intent_without_a_task_id_is_unknown_and_not_submitted_unless_asked()
    {
        var seed = new[] { Record(BatchJournalRecordKind.Planned, "a"), Record(BatchJournalRecordKind.Intent, "a") };

        var first = await RunAsync(new BatchRunner(_client, new MemoryBatchJournal(seed)), [Item("a"), Item("b")]);
        Assert.Equal(BatchOutcomeKind.Unknown, first.Single(o => o.Id == "a").Kind);
        Assert.Equal(GptImage2Pricing.PricePerImage(ResolutionValues.Default), first.Single(o => o.Id == "a").Cost);
        Assert.Equal(1, _api.AcceptedSubmits);

        var second = await RunAsync(new BatchRunner(_client, new MemoryBatchJournal(seed), new BatchOptions { ResubmitUnknown = true }), [Item("a")]);
        Assert.Equal(BatchOutcomeKind.Succeeded, Assert.Single(second).Kind);
        Assert.Equal(2, _api.AcceptedSubmits);
    }

    [Fact]
    public async Task A_submit_whose_outcome_is_unknown_is_reported_so_and_journalled_without_a_task_id()
    {
        var journal = new MemoryBatchJournal();

        var outcomes = await RunAsync(new BatchRunner(_client, journal), [Item("a", "[unknown] x")]);

        Assert.Equal(BatchOutcomeKind.Unknown, Assert.Single(outcomes).Kind);
        var entry = BatchJournalEntry.Replay(journal.Records)["a"];
        Assert.True(entry.OutcomeUnknown);
        Assert.Null(entry.TaskId);
    }

    [Fact]
    public async Task A_finished_line_is_reported_from_the_journal_with_no_call()
    {
        var journal = new MemoryBatchJournal(
            Record(BatchJournalRecordKind.Submitted, "a", r => r with { TaskId = "task_old" }),
            Record(BatchJournalRecordKind.Saved, "a", r => r with { File = "a-0.png" }),
            Record(BatchJournalRecordKind.Finished, "a", r => r with { Outcome = BatchOutcomeKind.Succeeded }));

        var outcome = Assert.Single(await RunAsync(new BatchRunner(_client, journal), [Item("a")]));

        Assert.True(outcome.FromJournal);
        Assert.Equal((BatchOutcomeKind.Succeeded, "task_old"), (outcome.Kind, outcome.TaskId));
        Assert.Equal(["a-0.png"], outcome.Files);
        Assert.Equal(0, _api.SubmitCalls);
        Assert.Empty(_api.StatusCalls);
    }

    [Fact]
    public async Task A_failed_line_is_reported_from_the_journal_as_a_run_that_saw_it_fail_reports_it()
    {
        var journal = new MemoryBatchJournal();
        var live = Assert.Single(await RunAsync(new BatchRunner(_client, journal), [Item("a", "[fail] a storm")]));

        var replayed = Assert.Single(await RunAsync(new BatchRunner(_client, journal), [Item("a", "[fail] a storm")]));

        Assert.True(replayed.FromJournal);
        Assert.Equal((live.Kind, live.FailCode, live.FailMessage, live.Message), (replayed.Kind, replayed.FailCode, replayed.FailMessage, replayed.Message));
        Assert.Equal(1, _api.SubmitCalls);
    }

    [Fact]
    public async Task A_result_that_could_not_be_saved_is_saved_on_resume_without_a_second_submit()
    {
        var journal = new MemoryBatchJournal();
        var first = Assert.Single(await RunAsync(new BatchRunner(_client, journal, results: new RecordingResultStore()), [Item("a", "[nosave] x")]));
        Assert.Equal(BatchOutcomeKind.NotSaved, first.Kind);

        // The same line id; the store saves this time.
        var store = new RecordingResultStore();
        var second = Assert.Single(await RunAsync(new BatchRunner(_client, journal, results: store), [Item("a", "saved now")]));

        Assert.Equal((BatchOutcomeKind.Succeeded, first.TaskId), (second.Kind, second.TaskId));
        Assert.Equal(["a-0.png"], store.Saved);
        Assert.Equal(1, _api.AcceptedSubmits);
    }

    [Fact]
    public async Task Rate_limited_submits_are_put_back_and_the_concurrency_halves()
    {
        _api.RateLimitedSubmits = 2;
        var updates = new List<BatchItemUpdate>();
        var options = new BatchOptions { Concurrency = 4, RateLimitPause = TimeSpan.FromSeconds(7) };

        var outcomes = await RunAsync(new BatchRunner(_client, new MemoryBatchJournal(), options), [Item("a"), Item("b"), Item("c")]);

        Assert.All(outcomes, o => Assert.Equal(BatchOutcomeKind.Succeeded, o.Kind));
        Assert.Equal(3, _api.AcceptedSubmits);
        Assert.Equal(5, _api.SubmitCalls);
        // Two pauses: 7 s, then 14 s, on the jumping clock, before the last submit.
        Assert.True(_clock.GetUtcNow() - Start >= TimeSpan.FromSeconds(21), (_clock.GetUtcNow() - Start).ToString());
    }

    [Fact]
    public async Task A_429s_Retry_After_longer_than_the_pause_holds_the_next_submit_that_long()
    {
        _api.RateLimitedSubmits = 1;
        _api.RetryAfter = TimeSpan.FromSeconds(30);
        var options = new BatchOptions { RateLimitPause = TimeSpan.FromSeconds(1) };

        var outcome = Assert.Single(await RunAsync(new BatchRunner(_client, new MemoryBatchJournal(), options), [Item("a")]));

        Assert.Equal(BatchOutcomeKind.Succeeded, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), _api.CallTimes[1] - _api.CallTimes[0]);
    }

    [Fact]
    public async Task The_whole_batch_keeps_to_the_plans_requests_per_minute_and_concurrent_tasks_polls_included()
    {
        // Free: 10 requests a minute, 3 tasks. Each line is a submit and three polls (running, running, done): 48 requests.
        // Unpaced, three tasks polled every interval would send 18 a minute.
        var plan = GptImage2RateLimits.Free;
        _api.RunningPolls = 2;
        var items = Enumerable.Range(1, 12).Select(i => Item($"line{i}")).ToList();

        var outcomes = await RunAsync(new BatchRunner(_client, new MemoryBatchJournal(), new BatchOptions { Plan = plan }), items);

        Assert.All(outcomes, o => Assert.Equal(BatchOutcomeKind.Succeeded, o.Kind));
        Assert.Equal(48, _api.CallTimes.Count);
        Assert.Equal(plan.ConcurrentTasks, _api.MostRunning);
        var mostInAMinute = _api.CallTimes.Max(at => _api.CallTimes.Count(other => other >= at && other - at < TimeSpan.FromMinutes(1)));
        Assert.Equal(plan.RequestsPerMinute, mostInAMinute);
    }

    [Fact]
    public void A_plans_limits_bound_the_options_and_a_custom_plan_needs_its_figure()
    {
        var journal = new MemoryBatchJournal();
        BatchRunner Runner(BatchOptions options) => new(_client, journal, options);
        var pro = GptImage2RateLimits.Pro;
        var custom = GptImage2RateLimits.All.First(plan => plan.RequestsPerMinute is null);

        Assert.Throws<ArgumentOutOfRangeException>(() => Runner(new BatchOptions { Plan = pro, Concurrency = pro.ConcurrentTasks + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Runner(new BatchOptions { Plan = pro, RequestsPerMinute = pro.RequestsPerMinute + 1 }));
        Assert.Contains("custom", Assert.Throws<ArgumentException>(() => Runner(new BatchOptions { Plan = custom })).Message, StringComparison.Ordinal);
        Runner(new BatchOptions { Plan = custom, RequestsPerMinute = 500 });
        Runner(new BatchOptions { Plan = pro, Concurrency = 2, RequestsPerMinute = 30 });

        Assert.Equal(pro.ConcurrentTasks, new BatchRateGate(new BatchOptions { Plan = pro }, _clock).Limit);
        Assert.Equal(BatchOptions.DefaultConcurrency, new BatchRateGate(new BatchOptions(), _clock).Limit);
    }

    [Fact]
    public async Task A_result_close_to_the_end_of_its_lifetime_is_flagged()
    {
        var lifetime = GptImage2Service.ResultLifetime;
        _api.CompletedAgo = lifetime - TimeSpan.FromMinutes(30);

        var outcome = Assert.Single(await RunAsync(new BatchRunner(_client, new MemoryBatchJournal(), new BatchOptions { ExpiryWarning = TimeSpan.FromHours(1) }), [Item("a")]));

        Assert.Contains(outcome.Warnings, warning => warning.Contains("expire", StringComparison.Ordinal));

        _api.CompletedAgo = TimeSpan.Zero;
        var fresh = Assert.Single(await RunAsync(new BatchRunner(_client, new MemoryBatchJournal(), new BatchOptions { ExpiryWarning = TimeSpan.FromHours(1) }), [Item("b")]));
        Assert.Empty(fresh.Warnings);
    }

    [Fact]
    public async Task A_refusal_is_final_in_one_record_and_a_resume_reports_it_with_its_kind_without_a_call()
    {
        var journal = new MemoryBatchJournal();
        var items = new[] { Item("broke", "[balance] a cat"), Item("bad", "[refuse] a dog") };

        var first = (await RunAsync(new BatchRunner(_client, journal), items)).ToDictionary(o => o.Id);

        Assert.Equal((BatchOutcomeKind.Refused, ApixoErrorKind.InsufficientBalance), (first["broke"].Kind, first["broke"].ErrorKind));
        Assert.Equal((BatchOutcomeKind.Refused, ApixoErrorKind.BadRequest), (first["bad"].Kind, first["bad"].ErrorKind));
        Assert.Equal(2, _api.SubmitCalls);
        foreach (var item in items)
        {
            // The answer to the intent is the line's end, in the one record after it: a kill right after that record's
            // fsync is the only moment a crash could fall between them, and it leaves nothing to resubmit.
            var records = journal.Records.Where(r => r.Id == item.Id).ToList();
            var intent = records.FindIndex(r => r.Kind == BatchJournalRecordKind.Intent);
            var answer = records[intent + 1];
            Assert.Equal((BatchJournalRecordKind.Finished, BatchOutcomeKind.Refused), (answer.Kind, answer.Outcome));
            Assert.Equal((int)first[item.Id].ErrorKind!.Value, answer.Status);
            var cut = journal.Records.TakeWhile(r => !ReferenceEquals(r, answer)).Append(answer).ToArray();

            var resumed = Assert.Single(await RunAsync(new BatchRunner(_client, new MemoryBatchJournal(cut)), [item]));

            Assert.Equal((BatchOutcomeKind.Refused, first[item.Id].ErrorKind, true), (resumed.Kind, resumed.ErrorKind, resumed.FromJournal));
            Assert.Equal(first[item.Id].Message, resumed.Message);
            Assert.Equal(0m, resumed.Cost);
        }

        Assert.Equal(2, _api.SubmitCalls);
        Assert.Equal(new BatchPlan(2, 0, 0, 2, 0, BatchRunner.EstimateCost(items), 0m), await BatchRunner.PlanAsync(items, journal));
    }

    [Fact]
    public async Task A_refused_line_is_submitted_again_only_with_resubmit_refused()
    {
        var journal = new MemoryBatchJournal();
        var items = new[] { Item("a", "[balance] a cat") };
        Assert.Equal(BatchOutcomeKind.Refused, Assert.Single(await RunAsync(new BatchRunner(_client, journal), items)).Kind);
        _api.BalanceEmpty = false;   // topped up

        Assert.Equal(BatchOutcomeKind.Refused, Assert.Single(await RunAsync(new BatchRunner(_client, journal), items)).Kind);
        Assert.Equal(1, _api.SubmitCalls);
        Assert.Equal(1, (await BatchRunner.PlanAsync(items, journal, new BatchOptions { ResubmitRefused = true })).ToSubmit);

        var again = Assert.Single(await RunAsync(new BatchRunner(_client, journal, new BatchOptions { ResubmitRefused = true }), items));

        Assert.Equal((BatchOutcomeKind.Succeeded, false), (again.Kind, again.FromJournal));
        Assert.Equal(1, _api.AcceptedSubmits);
        Assert.Equal(BatchOutcomeKind.Succeeded, Assert.Single(await RunAsync(new BatchRunner(_client, journal, new BatchOptions { ResubmitRefused = true }), items)).Kind);
        Assert.Equal(1, _api.AcceptedSubmits);
    }

    [Fact]
    public async Task A_line_submitted_again_after_a_refusal_and_left_unanswered_is_unknown_not_refused()
    {
        var journal = new MemoryBatchJournal(
            Record(BatchJournalRecordKind.Intent, "a"),
            Record(BatchJournalRecordKind.Finished, "a", r => r with { Outcome = BatchOutcomeKind.Refused, Status = 402 }),
            Record(BatchJournalRecordKind.Intent, "a"));

        // A run with resubmit-refused was killed while the submit was in flight; this one is a plain resume.
        var outcome = Assert.Single(await RunAsync(new BatchRunner(_client, journal), [Item("a")]));

        Assert.Equal(BatchOutcomeKind.Unknown, outcome.Kind);
        Assert.Equal(GptImage2Pricing.PricePerImage(ResolutionValues.Default), outcome.Cost);
        Assert.Equal(0, _api.SubmitCalls);
    }

    [Fact]
    public async Task A_line_put_back_by_429s_or_never_sent_is_not_submitted_and_a_resume_submits_it()
    {
        _api.RateLimitedSubmits = 2;
        var journal = new MemoryBatchJournal();
        var options = new BatchOptions { Concurrency = 1, MaxRateLimitedAttempts = 2 };

        var first = (await RunAsync(new BatchRunner(_client, journal, options), [Item("busy"), Item("offline", "[unreachable] x")])).ToDictionary(o => o.Id);

        Assert.Equal((BatchOutcomeKind.NotSubmitted, ApixoErrorKind.RateLimited), (first["busy"].Kind, first["busy"].ErrorKind));
        Assert.Equal((BatchOutcomeKind.NotSubmitted, ApixoErrorKind.Transport), (first["offline"].Kind, first["offline"].ErrorKind));
        Assert.DoesNotContain(journal.Records, r => r.Kind == BatchJournalRecordKind.Finished);
        Assert.Equal([429, 429], journal.Records.Where(r => r is { Id: "busy", Kind: BatchJournalRecordKind.Released }).Select(r => r.Status));
        Assert.Equal(0, journal.Records.Single(r => r is { Id: "offline", Kind: BatchJournalRecordKind.Released }).Status);

        var resumed = Assert.Single(await RunAsync(new BatchRunner(_client, journal, options), [Item("busy")]));

        Assert.Equal((BatchOutcomeKind.Succeeded, false), (resumed.Kind, resumed.FromJournal));
        Assert.Equal(1, _api.AcceptedSubmits);
    }

    [Theory]
    [InlineData(30, "expire in 30 min")]
    [InlineData(-60, "may have expired")]
    public async Task A_resumed_task_whose_results_near_the_end_of_their_lifetime_is_flagged(int minutesLeft, string warning)
    {
        // The lifetime is the contract's (24 h today), never typed here; the default warning starts at an eighth of it.
        var lifetime = GptImage2Service.ResultLifetime;
        _api.Known("task_old", "a lighthouse");
        _api.CompletedAgo = lifetime - TimeSpan.FromMinutes(minutesLeft);
        var journal = new MemoryBatchJournal(
            Record(BatchJournalRecordKind.Intent, "a"),
            Record(BatchJournalRecordKind.Submitted, "a", r => r with { TaskId = "task_old" }));

        var outcome = Assert.Single(await RunAsync(new BatchRunner(_client, journal, results: new RecordingResultStore()), [Item("a")]));

        Assert.Equal(0, _api.SubmitCalls);
        var flagged = Assert.Single(outcome.Warnings);
        Assert.Contains(warning, flagged, StringComparison.Ordinal);
        Assert.Contains($"{lifetime.TotalHours:0.##} h", flagged, StringComparison.Ordinal);

        _api.CompletedAgo = lifetime - new BatchOptions().ExpiryWarning - TimeSpan.FromMinutes(1);
        var journalOfAnother = new MemoryBatchJournal(Record(BatchJournalRecordKind.Submitted, "b", r => r with { TaskId = "task_old" }));
        Assert.Empty(Assert.Single(await RunAsync(new BatchRunner(_client, journalOfAnother), [Item("b")])).Warnings);
    }

    [Fact]
    public async Task Every_state_change_of_every_line_is_reported_from_its_first_stage()
    {
        _api.Known("task_old", "a lighthouse");
        var updates = new List<BatchItemUpdate>();
        var options = new BatchOptions { Progress = new ListProgress(updates) };
        var journal = new MemoryBatchJournal(
            Record(BatchJournalRecordKind.Submitted, "old", r => r with { TaskId = "task_old" }),
            Record(BatchJournalRecordKind.State, "old", r => r with { State = TaskStateValues.All[0].Value }));

        await RunAsync(new BatchRunner(_client, journal, options, new RecordingResultStore()), [Item("new"), Item("old")]);

        var success = TaskStateValues.All.First(TaskStateValues.IsSuccess).Value;
        Assert.Equal([BatchStage.Queued, BatchStage.Submitting, BatchStage.Submitted, success, BatchStage.Saving], Stages(updates, "new"));
        Assert.Equal([TaskStateValues.All[0].Value, success, BatchStage.Saving], Stages(updates, "old"));
    }

    private static List<string> Stages(List<BatchItemUpdate> updates, string id)
    {
        lock (updates)
        {
            return [.. updates.Where(u => u.Id == id).Select(u => u.Stage)];
        }
    }

    private sealed class ListProgress(List<BatchItemUpdate> updates) : IProgress<BatchItemUpdate>
    {
        public void Report(BatchItemUpdate value)
        {
            lock (updates)
            {
                updates.Add(value);
            }
        }
    }

    [Fact]
    public async Task Two_lines_with_one_id_are_refused_before_anything_is_sent()
    {
        var runner = new BatchRunner(_client, new MemoryBatchJournal());

        Assert.Throws<ArgumentException>(() => runner.RunAsync([Item("a"), Item("a")]));
        await Task.CompletedTask;
        Assert.Equal(0, _api.SubmitCalls);
    }
}
