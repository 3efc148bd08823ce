using System.Text.Json;
using Apixo.Generated.Batches;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// <c>apixo batch</c> end to end through the entry point, against the sandbox (its own fast clock). The sandbox's count
/// of accepted submits (<see cref="ApixoSandbox.TaskCount"/>) proves what was, and was not, sent.
/// </summary>
public sealed class BatchCliTests : IAsyncLifetime
{
    private const string Key = BatchCli.Key;
    private readonly BatchCli _cli = new();
    private ApixoSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await _cli.StartAsync();

    public Task DisposeAsync() => _cli.DisposeAsync().AsTask();

    private string Out => _cli.Out;

    private string JournalPath => Path.Combine(Out, BatchCommand.JournalName);

    private Task<BatchCli.Run> RunAsync(params string[] args) => _cli.RunAsync(args);

    private string Requests(params string[] lines) => _cli.Requests(lines);

    private IReadOnlyDictionary<string, JsonElement> Results() => _cli.Results();

    private static string Wire(Resolution resolution) => ResolutionValues.ToWire(resolution);

    [Fact]
    public async Task Bad_lines_are_named_by_line_field_and_rule_and_nothing_is_sent()
    {
        var file = Requests(
            """{"prompt":"fine"}""",
            """{"prompt":"a cat","resolution":"8k"}""",
            "not json",
            """{"id":"x","prompt":""}""",
            """{"id":"x","prompt":"twice"}""");

        var run = await RunAsync("batch", file, "--out", Out);

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Contains("line 2: /input/resolution: breaks 'enum'", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 3: not a JSON object", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 4: /input/prompt: breaks 'minLength'", run.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", run.Err, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.TaskCount);
        Assert.False(File.Exists(JournalPath));
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("batch|{missing}")]
    [InlineData("batch|{bad}")]
    [InlineData("batch|{good}|--concurrency|0")]
    [InlineData("batch|{good}|--max-cost|-1")]
    [InlineData("batch|--resume|{missing}")]
    [InlineData("batch|--resume|{good}")]
    public async Task Broken_input_exits_2_with_one_line_and_with_json_one_object(string line)
    {
        var good = Requests("""{"prompt":"fine"}""");
        var bad = Requests("""{"prompt":"fine","resolution":"9k"}""");
        var args = line.Replace("{missing}", Path.Combine(_cli.Folder, "nothing-here.jsonl"), StringComparison.Ordinal)
            .Replace("{bad}", bad, StringComparison.Ordinal).Replace("{good}", good, StringComparison.Ordinal).Split('|');

        var plain = await RunAsync([.. args, "--out", Out]);
        var json = await RunAsync([.. args, "--out", Out, "--json"]);

        Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput), (plain.Exit, json.Exit));
        Assert.DoesNotContain("   at ", plain.Err, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json.Out).RootElement.ValueKind);
        Assert.Equal(0, _sandbox.TaskCount);
    }

    [Fact]
    public async Task With_json_a_run_prints_one_object_with_its_counts_and_cost()
    {
        var run = await RunAsync("batch", Requests("""{"prompt":"a"}"""), "--out", Out, "--json");

        var result = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(1, result.GetProperty("outcomes").GetProperty(BatchOutcomes.Name(BatchOutcomeKind.Succeeded)).GetInt32());
        Assert.Equal(GptImage2Pricing.PricePerImage(ResolutionValues.Default), result.GetProperty("cost").GetDecimal());
        Assert.True(File.Exists(result.GetProperty("results").GetString()));
    }

    [Fact]
    public async Task Skip_invalid_runs_the_valid_lines_only()
    {
        var file = Requests("""{"prompt":"fine"}""", """{"prompt":"x","aspect_ratio":"2:1"}""");

        var run = await RunAsync("batch", file, "--out", Out, "--skip-invalid");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(1, _sandbox.TaskCount);
        Assert.Equal(["1"], Results().Keys);
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_and_its_cost_and_sends_nothing()
    {
        var file = Requests($$"""{"prompt":"a","resolution":"{{Wire(Resolution.Res4K)}}"}""", """{"prompt":"b"}""");
        var cost = GptImage2Pricing.PricePerImage(Resolution.Res4K) + GptImage2Pricing.PricePerImage(ResolutionValues.Default);

        var run = await RunAsync("batch", file, "--out", Out, "--dry-run");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains($"Estimated cost: {BatchReport.Money(cost)}", run.Out, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", run.Out, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.TaskCount);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task The_plans_come_from_the_contracts_table_and_a_figure_beyond_the_plan_is_refused()
    {
        var good = Requests("""{"prompt":"fine"}""");
        var plan = GptImage2RateLimits.All.First(p => p.RequestsPerMinute is not null && p.ConcurrentTasks is not null);
        var custom = GptImage2RateLimits.All.First(p => p.RequestsPerMinute is null);
        static string Text(int? figure) => figure?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "custom";

        var help = await RunAsync("batch", "--help");
        var dry = await RunAsync("batch", good, "--out", Out, "--dry-run", "--plan", plan.Name);
        var unknown = await RunAsync("batch", good, "--out", Out, "--plan", "no-such-plan");
        var tooMany = await RunAsync("batch", good, "--out", Out, "--plan", plan.Name, "--concurrency", Text(plan.ConcurrentTasks + 1));
        var tooFast = await RunAsync("batch", good, "--out", Out, "--plan", plan.Name, "--requests-per-minute", Text(plan.RequestsPerMinute + 1));
        var noFigure = await RunAsync("batch", good, "--out", Out, "--plan", custom.Name);

        Assert.All(GptImage2RateLimits.All, p => Assert.Contains($"{p.Name}: {Text(p.RequestsPerMinute)} requests/min, {Text(p.ConcurrentTasks)} tasks", help.Out, StringComparison.Ordinal));
        Assert.Contains($"Pace: at most {plan.ConcurrentTasks} tasks in flight and {plan.RequestsPerMinute} requests per minute, submits and status polls together (plan {plan.Name}).", dry.Out, StringComparison.Ordinal);
        Assert.Contains("--plan: 'no-such-plan' is not one of", unknown.Err, StringComparison.Ordinal);
        Assert.Contains($"at most plan {plan.Name}'s {plan.ConcurrentTasks} concurrent tasks", tooMany.Err, StringComparison.Ordinal);
        Assert.Contains($"at most plan {plan.Name}'s {plan.RequestsPerMinute}", tooFast.Err, StringComparison.Ordinal);
        Assert.Contains("give --requests-per-minute", noFigure.Err, StringComparison.Ordinal);
        Assert.All([unknown, tooMany, tooFast, noFigure], run => Assert.Equal(ExitCodes.InvalidInput, run.Exit));
        Assert.Equal(0, _sandbox.TaskCount);
    }

    [Fact]
    public async Task A_batch_above_max_cost_is_refused_before_anything_is_sent()
    {
        var file = Requests("""{"prompt":"a"}""", """{"prompt":"b"}""");
        var oneLine = GptImage2Pricing.PricePerImage(ResolutionValues.Default);

        var run = await RunAsync("batch", file, "--out", Out, "--max-cost", oneLine.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Contains("above --max-cost", run.Err, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.TaskCount);
    }

    [Fact]
    public async Task A_run_saves_images_by_line_id_and_writes_results_jsonl_and_a_summary()
    {
        var failCode = FailCode.Known[0].Value;
        var file = Requests(
            $$"""{"id":"cover","prompt":"a cover","resolution":"{{Wire(Resolution.Res2K)}}"}""",
            """{"prompt":"a second"}""",
            $$"""{"id":"../../evil","prompt":"a third [fail:{{failCode}}]"}""");

        var run = await RunAsync("batch", file, "--out", Out, "--concurrency", "2");

        Assert.Equal(ExitCodes.TaskFailed, run.Exit);
        var results = Results();
        Assert.Equal(3, results.Count);
        var cover = results["cover"];
        Assert.Equal(BatchOutcomes.Name(BatchOutcomeKind.Succeeded), cover.GetProperty("outcome").GetString());
        Assert.Equal(TaskState.Success.Value, cover.GetProperty("state").GetString());
        Assert.Equal(GptImage2Pricing.PricePerImage(Resolution.Res2K), cover.GetProperty("cost").GetDecimal());
        Assert.StartsWith("task_", cover.GetProperty("taskId").GetString(), StringComparison.Ordinal);
        var image = Assert.Single(cover.GetProperty("files").EnumerateArray()).GetString()!;
        Assert.Equal(Path.Combine(Out, "cover-0.png"), image);
        Assert.True(File.Exists(image));
        Assert.True(File.Exists(Path.Combine(Out, "2-0.png")));
        var failed = results["../../evil"];
        Assert.Equal(failCode, failed.GetProperty("failCode").GetString());
        Assert.Equal(BatchOutcomes.Name(BatchOutcomeKind.Failed), failed.GetProperty("outcome").GetString());
        Assert.Contains($"Summary: 2 succeeded, 1 failed", run.Out, StringComparison.Ordinal);
        Assert.Contains($"failed {failCode}: 1", run.Out, StringComparison.Ordinal);
        Assert.Equal(3, _sandbox.TaskCount);
        // Every file stays inside --out, whatever the id says.
        Assert.All(Directory.EnumerateFiles(_cli.Folder, "*", SearchOption.AllDirectories).Where(path => !path.StartsWith(Path.Combine(_cli.Folder, "in"), StringComparison.Ordinal)), path => Assert.StartsWith(Out, path, StringComparison.Ordinal));
        Assert.Equal(4, Directory.EnumerateFiles(Out).Count(path => Path.GetExtension(path) == ".png") + 2);
    }

    [Fact]
    public async Task The_gallery_shows_every_image_and_every_failure_and_runs_no_script()
    {
        var failCode = FailCode.Known[0];
        var file = Requests(
            """{"id":"ok","prompt":"<script>alert(1)</script> a cat"}""",
            """{"id":"a\"b","prompt":"a dog","resolution":"2k"}""",
            $$"""{"id":"bad","prompt":"a storm [fail:{{failCode.Value}}]"}""");

        await RunAsync("batch", file, "--out", Out);

        var html = await File.ReadAllTextAsync(Path.Combine(Out, BatchGallery.FileName));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; a cat", html, StringComparison.Ordinal);
        var images = System.Text.RegularExpressions.Regex.Matches(html, "<img src=\"([^\"]+)\"").Select(match => Uri.UnescapeDataString(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value))).ToList();
        Assert.Equal(2, images.Count);
        Assert.All(images, image => Assert.True(File.Exists(Path.Combine(Out, image)), image));
        Assert.Contains($"<span class=\"code\">{failCode.Value}</span>", html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(failCode.Advice), html, StringComparison.Ordinal);
        Assert.Contains("data-id=\"a&quot;b\"", html, StringComparison.Ordinal);
        Assert.Contains(ResolutionValues.ToWire(Resolution.Res2K), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gallery_masks_the_key_where_the_server_echoes_it()
    {
        // The sandbox fails the task with the code the prompt names, and echoes it in the fail message.
        var file = Requests($$"""{"id":"echo","prompt":"[fail:{{Key}}]"}""");

        await RunAsync("batch", file, "--out", Out);

        // results.jsonl masks it: the server did send the key back.
        Assert.Equal("***", Results()["echo"].GetProperty("failCode").GetString());
        var html = await File.ReadAllTextAsync(Path.Combine(Out, BatchGallery.FileName));
        Assert.DoesNotContain(Key, html, StringComparison.Ordinal);
        Assert.Contains("***", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gallery_cuts_a_long_prompt_between_two_characters_never_inside_one()
    {
        // The gallery shows 600 UTF-16 units of a prompt: the 600th here is the first half of an emoji.
        var head = new string('a', 599);
        var file = Requests(JsonSerializer.Serialize(new { id = "long", prompt = $"{head}\U0001F600 and more" }));

        await RunAsync("batch", file, "--out", Out);

        var html = await File.ReadAllTextAsync(Path.Combine(Out, BatchGallery.FileName));
        Assert.Contains($"<div class=\"prompt\">{head}…</div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', html);
    }

    [Fact]
    public async Task A_new_batch_never_reuses_a_journal_it_must_be_resumed()
    {
        var file = Requests("""{"prompt":"a"}""");
        Assert.Equal(ExitCodes.Success, (await RunAsync("batch", file, "--out", Out)).Exit);

        var again = await RunAsync("batch", file, "--out", Out);

        Assert.Equal(ExitCodes.InvalidInput, again.Exit);
        Assert.Contains("--resume", again.Err, StringComparison.Ordinal);
        Assert.Equal(1, _sandbox.TaskCount);
    }

    [Fact]
    public async Task Resume_waits_for_a_task_of_the_journal_and_never_submits_it_again()
    {
        // A run killed right after its submit's answer: the journal holds the line, its intent and its task id.
        var request = GptImage2.TextToImage("killed after the submit").Build();
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = Key, BaseAddress = _sandbox.BaseUrl }, _sandbox.Clock);
        var operation = await client.StartGenerationAsync(request);
        Directory.CreateDirectory(Out);
        await using (var journal = FileBatchJournal.Open(JournalPath))
        {
            var now = _sandbox.Clock.GetUtcNow();
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Planned, Id = "a", At = now, Request = BatchRequestLine.Write(request), Cost = GptImage2Pricing.EstimateCost(request) }, CancellationToken.None);
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.PlanComplete, Id = string.Empty, At = now }, CancellationToken.None);
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Intent, Id = "a", At = now }, CancellationToken.None);
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Submitted, Id = "a", At = now, TaskId = operation.Id, Token = operation.RehydrationToken }, CancellationToken.None);
        }

        var run = await RunAsync("batch", "--resume", JournalPath);

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(1, _sandbox.TaskCount);
        Assert.Equal(operation.Id, Results()["a"].GetProperty("taskId").GetString());
        Assert.True(File.Exists(Path.Combine(Out, "a-0.png")));
    }

    [Fact]
    public async Task A_journal_cut_while_planning_is_resumed_only_with_its_requests_file()
    {
        var file = Requests("""{"id":"a","prompt":"a"}""", """{"id":"b","prompt":"b"}""");
        Directory.CreateDirectory(Out);
        await using (var journal = FileBatchJournal.Open(JournalPath))
        {
            var request = GptImage2.TextToImage("a").Build();
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Planned, Id = "a", At = _sandbox.Clock.GetUtcNow(), Request = BatchRequestLine.Write(request), Cost = GptImage2Pricing.EstimateCost(request) }, CancellationToken.None);
        }

        var alone = await RunAsync("batch", "--resume", JournalPath);
        Assert.Equal(ExitCodes.InvalidInput, alone.Exit);
        Assert.Contains("plan was complete", alone.Err, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.TaskCount);

        var withFile = await RunAsync("batch", file, "--resume", JournalPath);
        Assert.Equal(ExitCodes.Success, withFile.Exit);
        Assert.Equal(["a", "b"], Results().Keys.Order());
        Assert.Equal(2, _sandbox.TaskCount);
    }

    private async Task<int> IntentsOf(string id)
    {
        await using var journal = FileBatchJournal.Open(JournalPath);
        return (await journal.ReadAllAsync(CancellationToken.None)).Count(r => r.Id == id && r.Kind == BatchJournalRecordKind.Intent);
    }

    [Fact]
    public async Task A_refused_line_stays_refused_on_resume_with_its_kind_and_is_submitted_again_only_with_resubmit_refused()
    {
        var file = Requests("""{"id":"broke","prompt":"no money [submit:402]"}""", """{"id":"fine","prompt":"fine"}""");
        var first = await RunAsync("batch", file, "--out", Out);
        Assert.Equal(ExitCodes.TaskFailed, first.Exit);
        Assert.Equal(BatchOutcomes.Name(BatchOutcomeKind.Refused), Results()["broke"].GetProperty("outcome").GetString());
        Assert.Equal(nameof(ApixoErrorKind.InsufficientBalance), Results()["broke"].GetProperty("errorKind").GetString());
        Assert.Equal(JsonValueKind.Null, Results()["fine"].GetProperty("errorKind").ValueKind);

        var resumed = await RunAsync("batch", "--resume", JournalPath);

        Assert.Contains("2 finished", resumed.Out.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("broke: refused", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(nameof(ApixoErrorKind.InsufficientBalance), Results()["broke"].GetProperty("errorKind").GetString());
        Assert.Equal(1, await IntentsOf("broke"));

        await RunAsync("batch", "--resume", JournalPath, "--resubmit-refused");
        Assert.Equal(2, await IntentsOf("broke"));
        Assert.Equal(1, _sandbox.TaskCount);
    }

    [Fact]
    public async Task A_journal_whose_last_record_a_crash_cut_short_resumes_with_a_warning()
    {
        var file = Requests("""{"id":"a","prompt":"a"}""");
        Assert.Equal(ExitCodes.Success, (await RunAsync("batch", file, "--out", Out)).Exit);
        await File.AppendAllTextAsync(JournalPath, """{"kind":"state","id":"a","at":"2026-""");

        var resumed = await RunAsync("batch", "--resume", JournalPath);

        Assert.Equal(ExitCodes.Success, resumed.Exit);
        Assert.Contains("apixo: warning: the journal's last record was cut short by a crash", resumed.Err, StringComparison.Ordinal);
        Assert.Equal(1, _sandbox.TaskCount);
        Assert.EndsWith("\n", await File.ReadAllTextAsync(JournalPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirected_a_run_prints_a_plain_line_per_finished_line_with_the_count()
    {
        var run = await RunAsync("batch", Requests("""{"id":"a","prompt":"a"}""", """{"id":"b","prompt":"b"}"""), "--out", Out);

        Assert.Contains("[1/2] ", run.Out, StringComparison.Ordinal);
        Assert.Contains("[2/2] ", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Out + run.Err);
    }

    [Fact]
    public async Task An_unanswered_submit_is_unknown_on_resume_and_submitted_again_only_with_resubmit_unknown()
    {
        // [drop]: the sandbox accepts the submit, then drops the connection before answering.
        var file = Requests("""{"id":"lost","prompt":"dropped [drop]"}""", """{"id":"fine","prompt":"fine"}""");
        var first = await RunAsync("batch", file, "--out", Out);
        Assert.Equal(BatchOutcomes.Name(BatchOutcomeKind.Unknown), Results()["lost"].GetProperty("outcome").GetString());
        Assert.Equal(2, _sandbox.TaskCount);
        Assert.Equal(ExitCodes.TaskFailed, first.Exit);

        var resumed = await RunAsync("batch", "--resume", JournalPath);
        Assert.Equal(2, _sandbox.TaskCount);
        Assert.Equal(BatchOutcomes.Name(BatchOutcomeKind.Unknown), Results()["lost"].GetProperty("outcome").GetString());
        Assert.Equal(BatchOutcomes.Name(BatchOutcomeKind.Succeeded), Results()["fine"].GetProperty("outcome").GetString());
        Assert.Contains("lost: unknown", resumed.Out, StringComparison.Ordinal);

        await RunAsync("batch", "--resume", JournalPath, "--resubmit-unknown");
        Assert.Equal(3, _sandbox.TaskCount);
    }
}
