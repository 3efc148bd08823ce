using System.Text;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>
/// <see cref="GenerationOperation"/>: its rehydration token, resuming from it on the right schedule and deadline, its
/// stream of state changes, and the exceptions ordinary catch blocks must see. Clocks jump: every test runs at once.
/// </summary>
public sealed class OperationTests
{
    private const string Key = "sk-operation-SECRET-99";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly JumpingClock _clock = new(Start);

    private ApixoClient Client(ScriptedApi api, Action<ApixoClientOptions>? configure = null)
    {
        var options = new ApixoClientOptions { ApiKey = Key };
        configure?.Invoke(options);
        return new ApixoClient(api, Options.Create(options), _clock);
    }

    private double[] SecondsOf(ScriptedApi api) => api.StatusCalls.Select(call => (call - Start).TotalSeconds).ToArray();

    private static GenerateTaskRequest Request(Resolution resolution) =>
        GptImage2.ImageToImage("sketch it", ["https://example.com/a.png"]).WithResolution(resolution).Build();

    private static async Task<List<TaskState>> StatesOf(IAsyncEnumerable<GenerationTask> updates)
    {
        var states = new List<TaskState>();
        await foreach (var task in updates)
        {
            states.Add(task.State);
        }

        return states;
    }

    private static string Token(int version, string json) =>
        $"apixo-op.{version}." + Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task The_token_round_trips_id_resolution_submit_time_and_mode_and_holds_no_key()
    {
        var client = Client(new ScriptedApi(_clock));
        var operation = await client.StartGenerationAsync(Request(Resolution.Res2K));

        var token = operation.RehydrationToken;
        var resumed = Client(new ScriptedApi(_clock)).ResumeOperation(token);

        Assert.StartsWith("apixo-op.1.", token, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, token, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, Encoding.UTF8.GetString(Convert.FromBase64String(token["apixo-op.1.".Length..].Replace('-', '+').Replace('_', '/').PadRight((token.Length - 11 + 3) / 4 * 4, '='))), StringComparison.Ordinal);
        Assert.Equal(
            ("task_1", Resolution.Res2K, (DateTimeOffset?)Start, GptImage2Modes.Of(Request(Resolution.Res2K).Input)!.Wire),
            (resumed.Id, resumed.Resolution, resumed.SubmittedAt, resumed.Mode));
        Assert.Equal(token, resumed.RehydrationToken);
        Assert.True(GenerationOperation.IsRehydrationToken(token));
        Assert.False(GenerationOperation.IsRehydrationToken("task_1"));
    }

    [Theory]
    [InlineData(2, "a newer")]
    [InlineData(0, "an older")]
    public void A_token_of_another_format_version_is_refused_by_name(int version, string maker)
    {
        var token = Token(version, """{"id":"task_1","resolution":"1k"}""");

        var error = Assert.Throws<ArgumentException>(() => Client(new ScriptedApi(_clock)).ResumeOperation(token));

        Assert.Contains($"format version {version}", error.Message, StringComparison.Ordinal);
        Assert.Contains("this client reads version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(maker, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Garbage() => new()
    {
        { "", "empty" },
        { "   ", "empty" },
        { "task_abc123", "does not have the form" },
        { "apixo-op.1", "does not have the form" },
        { "apixo-op.one.eyJ9", "is not a number" },
        { "apixo-op.1.***", "not base64url" },
        { "apixo-op.1.bm90IGpzb24", "not JSON" },
        { Token(1, "[1,2]"), "not a JSON object" },
        { Token(1, """{"resolution":"1k"}"""), "no task id" },
        { Token(1, """{"id":42,"resolution":"1k"}"""), "id is not a string" },
        { Token(1, """{"id":"t","resolution":"8k"}"""), "resolution '8k' is not one of 1k, 2k, 4k" },
        { Token(1, """{"id":"t","resolution":"1k","submittedAt":"yesterday"}"""), "submit time is not a time" },
        { Token(1, """{"id":"t","resolution":"1k","submittedAt":-5}"""), "submit time is not a time" },
        { Token(1, """{"id":"t","resolution":"1k","mode":"video"}"""), "mode 'video' is not one of" },
        { "apixo-op.1." + new string('A', 100_000), "at most 16384" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void A_garbage_token_gives_an_ArgumentException_that_names_the_problem_and_does_not_echo_the_token(string token, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => Client(new ScriptedApi(_clock)).ResumeOperation(token));

        Assert.IsType<ArgumentException>(error);
        Assert.Null(error.InnerException);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
        if (token.Length > 12)
        {
            Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_value_from_a_token_is_shown_bounded_and_printable()
    {
        var token = Token(1, "{\"id\":\"t\",\"resolution\":\"\\u001b[31m" + new string('x', 500) + "\"}");

        var error = Assert.Throws<ArgumentException>(() => Client(new ScriptedApi(_clock)).ResumeOperation(token));

        Assert.DoesNotContain('\u001b', error.Message);
        Assert.DoesNotContain(new string('x', 40), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resumed_operation_keeps_the_schedule_and_deadline_of_its_resolution()
    {
        // Submitted at 0 s as 4k; the process stops; another resumes it at 50 s from the token alone.
        var token = (await Client(new ScriptedApi(_clock)).StartGenerationAsync(Request(Resolution.Res4K))).RehydrationToken;
        _clock.Pass(TimeSpan.FromSeconds(50));
        var api = new ScriptedApi(_clock) { Then = () => ScriptedApi.Answer(TaskState.Processing) };
        var operation = Client(api).ResumeOperation(token);

        var error = await Assert.ThrowsAsync<ApixoDeadlineExceededException>(() => _clock.RunAsync(operation.WaitForCompletionAsync()));

        // 4k: first poll 120 s after the submit (not after the resume), every 10 s; the deadline is 4k's typical
        // maximum (240 s) plus the margin (120 s), from the start of this wait at 50 s: the last poll is at 410 s.
        Assert.Equal(Enumerable.Range(0, 30).Select(i => 120.0 + (10 * i)), SecondsOf(api));
        Assert.Equal(TimeSpan.FromSeconds(360), error.Deadline);
        Assert.Same(operation, error.Operation);
        Assert.Equal((TaskState?)TaskState.Processing, error.Operation.LastState);
        Assert.Equal(token, error.Operation.RehydrationToken);
    }

    [Fact]
    public async Task A_resume_past_the_first_poll_time_polls_at_once()
    {
        var token = (await Client(new ScriptedApi(_clock)).StartGenerationAsync(Request(Resolution.Res2K))).RehydrationToken;
        _clock.Pass(TimeSpan.FromSeconds(75));
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Status(TaskState.Success);

        var done = await _clock.RunAsync(Client(api).ResumeOperation(token).WaitForCompletionAsync());

        Assert.Equal(TaskState.Success, done.State);
        Assert.Equal([75.0, 85], SecondsOf(api));
    }

    [Fact]
    public async Task Watch_yields_each_change_of_state_once_and_ends_at_the_terminal_state()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Pending).Status(TaskState.Pending).Status(TaskState.Processing)
            .Status(TaskState.Processing).Status(TaskState.Success);
        var operation = await Client(api).StartGenerationAsync(Request(Resolution.Res1K));
        Assert.False(operation.HasCompleted);

        var states = await _clock.RunAsync(StatesOf(operation.WatchAsync()));

        Assert.Equal([TaskState.Pending, TaskState.Processing, TaskState.Success], states);
        Assert.Equal([30.0, 40, 50, 60, 70], SecondsOf(api));
        Assert.True(operation.HasCompleted && operation.HasValue);
        Assert.Equal("https://cdn.example.com/0.png", Assert.Single(operation.Value.ResultUrls).OriginalString);

        // Completed: the end again, with no call.
        Assert.Equal([TaskState.Success], await StatesOf(operation.WatchAsync()));
        Assert.Equal(TaskState.Success, (await operation.WaitForCompletionAsync()).State);
        Assert.Equal(5, api.StatusCalls.Count);
    }

    [Fact]
    public async Task Watch_yields_a_failure_and_Value_and_waiting_throw_it()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Status(TaskState.Failed);
        var operation = await Client(api).StartGenerationAsync(Request(Resolution.Res1K));

        Assert.Equal([TaskState.Processing, TaskState.Failed], await _clock.RunAsync(StatesOf(operation.WatchAsync())));

        Assert.True(operation.HasCompleted);
        Assert.False(operation.HasValue);
        var failed = Assert.Throws<TaskFailedException>(() => operation.Value);
        ApixoApiException asBase = await Assert.ThrowsAsync<TaskFailedException>(() => operation.WaitForCompletionAsync());
        Assert.Equal((ApixoErrorKind.TaskFailed, 200, "task_1", (DateTimeOffset?)Start, (TaskState?)TaskState.Failed), (asBase.Kind, asBase.Status, asBase.TaskId, asBase.SubmittedAt, asBase.LastState));
        Assert.Equal(FailCode.ContentViolation, failed.FailCode);
    }

    [Fact]
    public async Task Value_before_completion_is_an_InvalidOperationException_that_says_what_to_do()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Status(TaskState.Success);
        var operation = await Client(api).StartGenerationAsync(Request(Resolution.Res1K));

        var before = Assert.Throws<InvalidOperationException>(() => operation.Value);
        Assert.Contains("has not completed (last state: unknown)", before.Message, StringComparison.Ordinal);

        Assert.Equal(TaskState.Processing, (await operation.UpdateStatusAsync()).State);
        Assert.Equal((TaskState?)TaskState.Processing, operation.LastState);
        Assert.Contains("last state: processing", Assert.Throws<InvalidOperationException>(() => operation.Value).Message, StringComparison.Ordinal);

        await operation.UpdateStatusAsync();
        Assert.True(operation.HasCompleted);
        Assert.Equal(TaskState.Success, operation.Value.State);
    }

    [Fact]
    public async Task Watch_honours_WithCancellation_and_the_cancel_is_an_OperationCanceledException()
    {
        var api = new ScriptedApi(_clock) { Then = () => ScriptedApi.Answer(TaskState.Processing) };
        var operation = await Client(api).StartGenerationAsync(Request(Resolution.Res1K));
        using var cancel = new CancellationTokenSource();

        async Task<int> WatchUntilProcessing()
        {
            await foreach (var task in operation.WatchAsync().WithCancellation(cancel.Token))
            {
                cancel.Cancel();
            }

            return 0;
        }

        var stopped = await Assert.ThrowsAsync<ApixoWaitCanceledException>(() => _clock.RunAsync(WatchUntilProcessing()));
        Assert.Equal(cancel.Token, stopped.CancellationToken);
        Assert.Same(operation, stopped.Operation);
    }

    [Fact]
    public async Task A_deadline_is_caught_by_catch_TimeoutException_and_a_cancel_by_catch_OperationCanceledException()
    {
        var api = new ScriptedApi(_clock) { Then = () => ScriptedApi.Answer(TaskState.Pending) };
        var client = Client(api, o => o.Deadline = TimeSpan.FromSeconds(40));

        string caught;
        try
        {
            await _clock.RunAsync(client.GenerateAsync(Request(Resolution.Res1K)));
            caught = "nothing";
        }
        catch (TimeoutException exception)
        {
            caught = exception.GetType().Name;
        }

        Assert.Equal(nameof(ApixoDeadlineExceededException), caught);

        using var cancel = new CancellationTokenSource();
        var operation = await client.StartGenerationAsync(Request(Resolution.Res1K));
        var waiting = operation.WaitForCompletionAsync(new SynchronousProgress(_ => cancel.Cancel()), cancel.Token);
        try
        {
            await _clock.RunAsync(waiting);
            caught = "nothing";
        }
        catch (OperationCanceledException exception)
        {
            caught = exception.GetType().Name;
        }

        Assert.Equal(nameof(ApixoWaitCanceledException), caught);
    }

    [Fact]
    public async Task An_error_that_ends_a_wait_carries_the_submit_time_and_the_last_state()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Raw(() => ScriptedApi.Error(System.Net.HttpStatusCode.Forbidden));
        var operation = await Client(api).StartGenerationAsync(Request(Resolution.Res1K));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => _clock.RunAsync(operation.WaitForCompletionAsync()));

        Assert.Equal((403, ApixoErrorKind.Forbidden, "status", "task_1"), (error.Status, error.Kind, error.Operation, error.TaskId));
        Assert.Equal(((DateTimeOffset?)Start, (TaskState?)TaskState.Processing), (error.SubmittedAt, error.LastState));
    }

    [Fact]
    public async Task An_unreadable_status_answer_has_kind_UnreadableResponse_and_is_a_missed_poll_by_its_kind()
    {
        var api = new ScriptedApi(_clock).Raw(ScriptedApi.Unreadable).Raw(ScriptedApi.Unreadable).Status(TaskState.Success);
        var client = Client(api);

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => client.GetStatusAsync("task_1"));
        Assert.Equal((ApixoErrorKind.UnreadableResponse, 200, false), (error.Kind, error.Status, error.IsRetryable));

        var done = await _clock.RunAsync(client.ResumeOperation("task_1", Resolution.Res1K, Start).WaitForCompletionAsync());
        Assert.Equal(TaskState.Success, done.State);
    }

    [Fact]
    public void Resuming_from_an_id_refuses_an_empty_id()
    {
        Assert.ThrowsAny<ArgumentException>(() => Client(new ScriptedApi(_clock)).ResumeOperation(" ", Resolution.Res1K));
    }

    private sealed class SynchronousProgress(Action<GenerationTask> report) : IProgress<GenerationTask>
    {
        public void Report(GenerationTask value) => report(value);
    }
}
