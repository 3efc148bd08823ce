using System.Diagnostics;
using System.Diagnostics.Metrics;
using Apixo.Generated.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Refit;

namespace Apixo.Generated.Tests.Telemetry;

/// <summary>
/// The client's OpenTelemetry data: span names, parents and attributes; instrument names, units, tags and values;
/// the meter of the DI container's IMeterFactory; and neither the key nor the prompt anywhere. The clock jumps, so a
/// four-minute wait runs at once and its measured duration is exact.
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private const string Key = "sk-telemetry-SECRET-42";
    private const string Prompt = "a lighthouse PROMPT-SECRET-7 at dusk";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly JumpingClock _clock = new(Start);
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory MeterFactory => _metrics.GetRequiredService<IMeterFactory>();

    public void Dispose() => _metrics.Dispose();

    private ApixoClient Client(IApixoApi api, Action<ApixoClientOptions>? configure = null)
    {
        var options = new ApixoClientOptions { ApiKey = Key };
        configure?.Invoke(options);
        return new ApixoClient(api, Options.Create(options), _clock, logger: null, MeterFactory);
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(MeterFactory, ApixoTelemetry.MeterName, instrument, _clock);

    private static GenerateTaskRequest Request(Resolution resolution) =>
        GptImage2.TextToImage(Prompt).WithResolution(resolution).Build();

    private static string ModeOf(GenerateTaskRequest request) => GptImage2Modes.Of(request.Input)!.Wire;

    [Fact]
    public async Task A_generation_makes_a_submit_span_then_a_wait_span_over_one_status_span_per_poll()
    {
        using var spans = new SpanRecorder();
        var request = Request(Resolution.Res2K);
        var api = new ScriptedApi(_clock).Status(TaskState.Pending).Status(TaskState.Processing).Status(TaskState.Success);

        await _clock.RunAsync(Client(api).GenerateAsync(request));

        var submit = Assert.Single(spans.Named("apixo.submit"));
        var wait = Assert.Single(spans.Named("apixo.wait"));
        var statuses = spans.Named("apixo.status");
        Assert.Equal(ActivityKind.Internal, submit.Kind);
        Assert.Equal(spans.RootSpanId, submit.ParentSpanId);
        Assert.Equal(spans.RootSpanId, wait.ParentSpanId);
        Assert.Equal(
            new Dictionary<string, object?> { ["apixo.mode"] = ModeOf(request), ["apixo.resolution"] = "2k", ["apixo.task.id"] = "task_1" },
            submit.TagObjects.ToDictionary(tag => tag.Key, tag => tag.Value));
        Assert.Equal(ActivityStatusCode.Unset, submit.Status);

        Assert.Equal(3, statuses.Count);
        Assert.All(statuses, status => Assert.Equal(wait.SpanId, status.ParentSpanId));
        Assert.Equal([1, 2, 3], statuses.Select(status => status.GetTagItem("apixo.attempt")));
        Assert.Equal(["pending", "processing", "success"], statuses.Select(status => status.GetTagItem("apixo.task.state")));
        Assert.All(statuses, status => Assert.Equal(("task_1", "2k", ModeOf(request)), (status.GetTagItem("apixo.task.id"), status.GetTagItem("apixo.resolution"), status.GetTagItem("apixo.mode"))));

        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["apixo.task.id"] = "task_1", ["apixo.mode"] = ModeOf(request), ["apixo.resolution"] = "2k",
                ["apixo.attempt"] = 3, ["apixo.task.state"] = "success", ["apixo.outcome"] = "success",
            },
            wait.TagObjects.ToDictionary(tag => tag.Key, tag => tag.Value));
        Assert.Equal(ActivityStatusCode.Unset, wait.Status);
    }

    [Fact]
    public async Task A_failed_task_marks_the_wait_span_as_an_error_with_the_exception_type_and_the_fail_code()
    {
        using var spans = new SpanRecorder();
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Status(TaskState.Failed);

        await Assert.ThrowsAsync<TaskFailedException>(() => _clock.RunAsync(Client(api).GenerateAsync(Request(Resolution.Res1K))));

        var wait = Assert.Single(spans.Named("apixo.wait"));
        Assert.Equal(ActivityStatusCode.Error, wait.Status);
        Assert.Equal(typeof(TaskFailedException).FullName, wait.StatusDescription);
        Assert.Equal(typeof(TaskFailedException).FullName, wait.GetTagItem("error.type"));
        Assert.Equal(FailCode.ContentViolation.Value, wait.GetTagItem("apixo.task.fail_code"));
        Assert.Equal("failed", wait.GetTagItem("apixo.outcome"));
        var last = spans.Named("apixo.status")[^1];
        Assert.Equal(("failed", FailCode.ContentViolation.Value), (last.GetTagItem("apixo.task.state"), last.GetTagItem("apixo.task.fail_code")));
        Assert.Equal(ActivityStatusCode.Unset, last.Status); // the call itself succeeded
    }

    [Fact]
    public async Task A_wait_past_its_deadline_says_so_on_its_span_and_in_the_polls_histogram()
    {
        using var spans = new SpanRecorder();
        using var polls = Collect<int>("apixo.task.polls");
        var api = new ScriptedApi(_clock) { Then = () => ScriptedApi.Answer(TaskState.Processing) };
        var client = Client(api, options => options.Deadline = TimeSpan.FromSeconds(45));
        var operation = await client.StartGenerationAsync(Request(Resolution.Res1K));

        await Assert.ThrowsAsync<ApixoDeadlineExceededException>(() => _clock.RunAsync(operation.WaitForCompletionAsync()));

        var wait = Assert.Single(spans.Named("apixo.wait"));
        Assert.Equal(ActivityStatusCode.Error, wait.Status);
        Assert.Equal(typeof(ApixoDeadlineExceededException).FullName, wait.GetTagItem("error.type"));
        Assert.Equal("deadline_exceeded", wait.GetTagItem("apixo.outcome"));
        var measured = Assert.Single(polls.GetMeasurementSnapshot());
        Assert.Equal(api.StatusCalls.Count, measured.Value);
        Assert.Equal("deadline_exceeded", measured.Tags["apixo.outcome"]);
        Assert.Equal("{poll}", polls.Instrument!.Unit);
    }

    [Fact]
    public async Task A_failed_status_call_marks_its_span_with_the_exception_type_and_the_error_kind()
    {
        using var spans = new SpanRecorder();
        var api = new ScriptedApi(_clock).Raw(() => ScriptedApi.Error(System.Net.HttpStatusCode.Unauthorized));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => Client(api).GetStatusAsync("task_1"));

        var status = Assert.Single(spans.Named("apixo.status"));
        Assert.Equal(ActivityStatusCode.Error, status.Status);
        Assert.Equal(typeof(ApixoApiException).FullName, status.GetTagItem("error.type"));
        Assert.Equal(error.Kind.ToString(), status.GetTagItem("apixo.error.kind"));
        Assert.Equal("task_1", status.GetTagItem("apixo.task.id"));
        Assert.Null(status.GetTagItem("apixo.attempt")); // not a poll of a wait
    }

    [Fact]
    public async Task The_meter_counts_the_submit_its_cost_from_the_price_table_the_polls_the_time_to_the_end_and_the_outcome()
    {
        using var submitted = Collect<long>("apixo.tasks.submitted");
        using var cost = Collect<double>("apixo.tasks.estimated_cost");
        using var polls = Collect<int>("apixo.task.polls");
        using var duration = Collect<double>("apixo.task.duration");
        using var completed = Collect<long>("apixo.tasks.completed");
        var request = Request(Resolution.Res4K);
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Status(TaskState.Processing).Status(TaskState.Success);

        await _clock.RunAsync(Client(api).GenerateAsync(request));

        var mode = ModeOf(request);
        var one = Assert.Single(submitted.GetMeasurementSnapshot());
        Assert.Equal(1, one.Value);
        Assert.Equal(new Dictionary<string, object?> { ["apixo.mode"] = mode, ["apixo.resolution"] = "4k" }, one.Tags);
        Assert.Equal("{task}", submitted.Instrument!.Unit);

        var charged = Assert.Single(cost.GetMeasurementSnapshot());
        Assert.Equal((double)GptImage2Pricing.PricePerImage(Resolution.Res4K), charged.Value);
        Assert.Equal("{" + GptImage2Pricing.Currency + "}", cost.Instrument!.Unit);
        Assert.Equal("{USD}", cost.Instrument.Unit);
        Assert.Equal("4k", charged.Tags["apixo.resolution"]);

        Assert.Equal(3, Assert.Single(polls.GetMeasurementSnapshot()).Value);

        // The clock jumped to each poll: the first at the schedule's first-poll delay, then one interval each.
        var schedule = GptImage2Polling.For(Resolution.Res4K);
        var took = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal((schedule.FirstPoll + 2 * schedule.Interval).TotalSeconds, took.Value);
        Assert.Equal("s", duration.Instrument!.Unit);
        Assert.Equal("success", took.Tags["apixo.outcome"]);

        var ended = Assert.Single(completed.GetMeasurementSnapshot());
        Assert.Equal(new Dictionary<string, object?> { ["apixo.mode"] = mode, ["apixo.resolution"] = "4k", ["apixo.outcome"] = "success" }, ended.Tags);
        Assert.Equal("{task}", completed.Instrument!.Unit);
    }

    [Fact]
    public async Task A_failed_task_is_counted_by_its_fail_code()
    {
        using var completed = Collect<long>("apixo.tasks.completed");
        var api = new ScriptedApi(_clock).Status(TaskState.Failed);

        await Assert.ThrowsAsync<TaskFailedException>(() => _clock.RunAsync(Client(api).GenerateAsync(Request(Resolution.Res1K))));

        var ended = Assert.Single(completed.GetMeasurementSnapshot());
        Assert.Equal(("failed", FailCode.ContentViolation.Value), (ended.Tags["apixo.outcome"], ended.Tags["apixo.task.fail_code"]));
    }

    [Fact]
    public async Task A_task_seen_ending_twice_is_counted_once()
    {
        using var completed = Collect<long>("apixo.tasks.completed");
        var api = new ScriptedApi(_clock).Status(TaskState.Success).Status(TaskState.Success);
        var operation = await Client(api).StartGenerationAsync(Request(Resolution.Res1K));

        await _clock.RunAsync(operation.WaitForCompletionAsync());
        await operation.UpdateStatusAsync();

        Assert.Single(completed.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task A_submit_whose_outcome_is_unknown_is_counted_and_its_span_is_an_error_and_nothing_is_charged()
    {
        using var spans = new SpanRecorder();
        using var unknown = Collect<long>("apixo.submits.outcome_unknown");
        using var submitted = Collect<long>("apixo.tasks.submitted");
        using var cost = Collect<double>("apixo.tasks.estimated_cost");

        var error = await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => Client(new NoTaskIdApi()).SubmitAsync(Request(Resolution.Res1K)));

        var counted = Assert.Single(unknown.GetMeasurementSnapshot());
        Assert.Equal(1, counted.Value);
        Assert.Equal(error.Kind.ToString(), counted.Tags["apixo.error.kind"]);
        Assert.Equal("1k", counted.Tags["apixo.resolution"]);
        Assert.Equal("{submit}", unknown.Instrument!.Unit);
        Assert.Empty(submitted.GetMeasurementSnapshot());
        Assert.Empty(cost.GetMeasurementSnapshot());
        var submit = Assert.Single(spans.Named("apixo.submit"));
        Assert.Equal(ActivityStatusCode.Error, submit.Status);
        Assert.Equal(typeof(ApixoSubmitOutcomeUnknownException).FullName, submit.GetTagItem("error.type"));
        Assert.Null(submit.GetTagItem("apixo.task.id"));
    }

    [Fact]
    public async Task Neither_the_key_nor_the_prompt_is_in_any_span_or_metric_tag_even_with_LogPrompts_on()
    {
        using var spans = new SpanRecorder();
        var seen = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ApixoTelemetry.MeterName && instrument.Meter.Scope == MeterFactory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            lock (seen)
            {
                seen.Add(instrument.Name + " " + instrument.Unit + " " + instrument.Description + " " + value);
                foreach (var tag in tags)
                {
                    seen.Add(tag.Key + "=" + tag.Value);
                }
            }
        }

        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<int>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Status(TaskState.Success)
            .Raw(() => ScriptedApi.Error(System.Net.HttpStatusCode.InternalServerError))
            .Status(TaskState.Processing).Status(TaskState.Failed);
        var client = Client(api, options => options.LogPrompts = true);

        await _clock.RunAsync(client.GenerateAsync(Request(Resolution.Res2K)));
        await Assert.ThrowsAsync<TaskFailedException>(() => _clock.RunAsync(client.GenerateAsync(Request(Resolution.Res1K))));
        await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => Client(new NoTaskIdApi(), options => options.LogPrompts = true).SubmitAsync(Request(Resolution.Res1K)));

        foreach (var span in spans.Spans)
        {
            seen.Add(span.OperationName + " " + span.DisplayName + " " + span.StatusDescription);
            seen.AddRange(span.TagObjects.Select(tag => tag.Key + "=" + tag.Value));
            seen.AddRange(span.Events.SelectMany(e => e.Tags.Select(tag => e.Name + " " + tag.Key + "=" + tag.Value)));
            seen.AddRange(span.Baggage.Select(item => item.Key + "=" + item.Value));
        }

        Assert.Contains(seen, text => text.StartsWith("apixo.tasks.submitted", StringComparison.Ordinal)); // the listener heard the meter
        Assert.Contains(seen, text => text.Contains("apixo.task.fail_code=", StringComparison.Ordinal));
        Assert.True(spans.Spans.Count >= 8, $"{spans.Spans.Count} spans");
        foreach (var secret in new[] { Key, "PROMPT-SECRET-7" })
        {
            Assert.DoesNotContain(seen, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Through_DI_the_instruments_are_on_the_containers_meter_factory()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddApixoClient(options => options.ApiKey = Key);
        services.AddSingleton<IApixoApi>(new ScriptedApi(_clock));
        await using var provider = services.BuildServiceProvider();
        using var submitted = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), ApixoTelemetry.MeterName, "apixo.tasks.submitted");
        using var elsewhere = Collect<long>("apixo.tasks.submitted");

        await provider.GetRequiredService<ApixoClient>().SubmitAsync(Request(Resolution.Res1K));

        Assert.Equal(1, Assert.Single(submitted.GetMeasurementSnapshot()).Value);
        Assert.Empty(elsewhere.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Without_DI_the_instruments_are_on_one_static_meter()
    {
        using var submitted = new MetricCollector<long>((object?)null, ApixoTelemetry.MeterName, "apixo.tasks.submitted");
        var client = new ApixoClient(new ScriptedApi(_clock), Options.Create(new ApixoClientOptions { ApiKey = Key }), _clock);

        await client.SubmitAsync(Request(Resolution.Res1K));

        // Other tests' clients without a factory share the static meter: at least this one's submit is there.
        Assert.NotEmpty(submitted.GetMeasurementSnapshot());
        Assert.Null(submitted.Instrument!.Meter.Scope);
    }

    /// <summary>A server that accepts a submit but answers without a task id: its outcome is unknown.</summary>
    private sealed class NoTaskIdApi : IApixoApi
    {
        public Task<IApiResponse<GenerateTaskResponse>> GenerateTaskAsync(GenerateTaskRequest body, CancellationToken cancellationToken = default)
        {
            var message = new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = new(HttpMethod.Post, "https://api.example.com/generateTask/gpt-image-2") };
            var response = new GenerateTaskResponse { Code = 200, Message = "success", Data = new SubmittedTask { TaskId = "" } };
            return Task.FromResult<IApiResponse<GenerateTaskResponse>>(new ApiResponse<GenerateTaskResponse>(message, response, new RefitSettings()));
        }

        public Task<IApiResponse<TaskStatusResponse>> GetTaskStatusAsync(string taskId, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Not part of these tests.");

        public Task<IApiResponse<BalanceResponse>> GetBalanceAsync(CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Not part of these tests.");
    }
}
