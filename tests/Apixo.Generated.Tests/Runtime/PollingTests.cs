using Microsoft.Extensions.Options;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>Waiting on the server's schedule, with a clock that jumps: exact poll times, deadlines, cancel and resume.</summary>
public sealed class PollingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly JumpingClock _clock = new(Start);

    private ApixoClient Client(ScriptedApi api, Action<ApixoClientOptions>? configure = null)
    {
        var options = new ApixoClientOptions { ApiKey = "k" };
        configure?.Invoke(options);
        return new ApixoClient(api, Options.Create(options), _clock);
    }

    private double[] SecondsOf(ScriptedApi api) => api.StatusCalls.Select(call => (call - Start).TotalSeconds).ToArray();

    [Theory]
    [InlineData(Resolution.Res1K, 30)]
    [InlineData(Resolution.Res2K, 60)]
    [InlineData(Resolution.Res4K, 120)]
    public async Task Polls_at_the_first_poll_delay_then_every_interval(Resolution resolution, int firstPoll)
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Pending).Status(TaskState.Processing).Status(TaskState.Processing).Status(TaskState.Success);

        var task = await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", resolution));

        Assert.Equal([firstPoll, firstPoll + 10, firstPoll + 20, firstPoll + 30], SecondsOf(api));
        Assert.Equal(TaskState.Success, task.State);
        Assert.Equal("https://cdn.example.com/0.png", Assert.Single(task.ResultUrls).OriginalString);
        Assert.Equal(TimeSpan.FromSeconds(60), task.Duration);
        Assert.Equal(0, api.SubmitCalls);
    }

    [Fact]
    public async Task Generate_submits_once_then_waits_from_the_submit()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Success);
        var request = GptImage2.TextToImage("p").WithResolution(Resolution.Res2K).Build();

        await _clock.RunAsync(Client(api).GenerateAsync(request));

        Assert.Equal(1, api.SubmitCalls);
        Assert.Equal([60.0], SecondsOf(api));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_interval_is_honoured()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Processing, retryAfter: TimeSpan.FromSeconds(25)).Status(TaskState.Processing, retryAfter: TimeSpan.FromSeconds(3)).Status(TaskState.Success);

        await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K));

        Assert.Equal([30.0, 55, 65], SecondsOf(api));
    }

    [Fact]
    public async Task A_429_that_makes_a_missed_poll_puts_the_next_one_after_its_Retry_After()
    {
        // No client retries here (a bare IApixoApi): the 429 reaches the wait, which takes its Retry-After, not the interval.
        var api = new ScriptedApi(_clock).Raw(() => ScriptedApi.Error(System.Net.HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(25))).Status(TaskState.Success);

        await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K));

        Assert.Equal([30.0, 55], SecondsOf(api));
    }

    [Fact]
    public async Task A_429_without_Retry_After_misses_one_poll_at_the_interval()
    {
        var api = new ScriptedApi(_clock).Raw(() => ScriptedApi.Error(System.Net.HttpStatusCode.TooManyRequests)).Status(TaskState.Success);

        await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K));

        Assert.Equal([30.0, 40], SecondsOf(api));
    }

    [Fact]
    public async Task An_absurd_Retry_After_spaces_the_polls_at_MaxRetryDelay()
    {
        var absurd = TimeSpan.FromSeconds(999999999);
        var api = new ScriptedApi(_clock).Status(TaskState.Processing, retryAfter: absurd).Status(TaskState.Processing, retryAfter: absurd).Status(TaskState.Success);

        await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K));

        Assert.Equal([30.0, 90, 150], SecondsOf(api));
    }

    [Fact]
    public async Task An_absurd_Retry_After_on_every_answer_keeps_polling_at_the_cap_until_the_deadline()
    {
        var api = new ScriptedApi(_clock) { Then = () => ScriptedApi.Answer(TaskState.Processing, retryAfter: TimeSpan.FromDays(20000)) };

        var error = await Assert.ThrowsAsync<ApixoDeadlineExceededException>(() => _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K)));

        // The deadline is 240 s; the poll after 210 s would come at 270 s, so waiting ends there and then.
        Assert.Equal([30.0, 90, 150, 210], SecondsOf(api));
        Assert.Equal(TaskState.Processing, error.Operation.LastState);
    }

    [Fact]
    public async Task A_cap_shorter_than_the_interval_leaves_the_interval()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Processing, retryAfter: TimeSpan.FromSeconds(120)).Status(TaskState.Success);

        await _clock.RunAsync(Client(api, o => o.MaxRetryDelay = TimeSpan.FromSeconds(5)).WaitForCompletionAsync("task_1", Resolution.Res1K));

        Assert.Equal([30.0, 40], SecondsOf(api));
    }

    [Theory]
    [InlineData(Resolution.Res1K, 240)]
    [InlineData(Resolution.Res2K, 300)]
    [InlineData(Resolution.Res4K, 360)]
    public async Task The_default_deadline_is_the_typical_maximum_plus_the_margin(Resolution resolution, int deadline)
    {
        var api = new ScriptedApi(_clock) { Then = () => ScriptedApi.Answer(TaskState.Processing) };
        var first = (int)GptImage2Polling.For(resolution).FirstPoll.TotalSeconds;

        var error = await Assert.ThrowsAsync<ApixoDeadlineExceededException>(() => _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", resolution)));

        Assert.Equal("task_1", error.Operation.Id);
        Assert.Equal(TaskState.Processing, error.Operation.LastState);
        Assert.Equal(Enumerable.Range(0, ((deadline - first) / 10) + 1).Select(i => (double)(first + (10 * i))), SecondsOf(api));
    }

    [Fact]
    public async Task The_deadline_is_configurable()
    {
        var api = new ScriptedApi(_clock) { Then = () => ScriptedApi.Answer(TaskState.Pending) };

        await Assert.ThrowsAsync<ApixoDeadlineExceededException>(() => _clock.RunAsync(Client(api, o => o.Deadline = TimeSpan.FromSeconds(50)).WaitForCompletionAsync("task_1", Resolution.Res1K)));

        Assert.Equal([30.0, 40, 50], SecondsOf(api));
    }

    [Fact]
    public async Task Cancel_stops_the_waiting_and_the_task_id_resumes_it()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Pending).Status(TaskState.Processing).Status(TaskState.Processing).Status(TaskState.Success);
        using var cancel = new CancellationTokenSource();
        var client = Client(api);
        var seen = new List<TaskState>();
        var recorder = new SynchronousProgress(task => { seen.Add(task.State); if (task.State == TaskState.Processing) { cancel.Cancel(); } });

        var stopped = await Assert.ThrowsAsync<ApixoWaitCanceledException>(() => _clock.RunAsync(client.WaitForCompletionAsync("task_1", Resolution.Res1K, progress: recorder, cancellationToken: cancel.Token)));
        Assert.Equal(("task_1", TaskState.Processing), (stopped.Operation.Id, stopped.Operation.LastState));
        Assert.Equal(2, api.StatusCalls.Count);

        var resumed = await _clock.RunAsync(client.WaitForCompletionAsync(stopped.Operation.Id, Resolution.Res1K, submittedAt: Start));
        Assert.Equal(TaskState.Success, resumed.State);
        // Resumed at 40 s, past the first-poll time: it polls at once, then on the interval.
        Assert.Equal([30.0, 40, 40, 50], SecondsOf(api));
        Assert.Equal([TaskState.Pending, TaskState.Processing], seen);
    }

    [Fact]
    public async Task Progress_reports_each_state_change_once_even_when_a_state_goes_back()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Pending).Status(TaskState.Pending).Status(TaskState.Processing).Status(TaskState.Pending).Status(TaskState.Processing).Status(TaskState.Success);
        var seen = new List<TaskState>();

        await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K, progress: new SynchronousProgress(task => seen.Add(task.State))));

        Assert.Equal([TaskState.Pending, TaskState.Processing, TaskState.Pending, TaskState.Processing, TaskState.Success], seen);
        Assert.Equal(6, api.StatusCalls.Count);
    }

    [Fact]
    public async Task A_state_the_contract_does_not_name_is_reported_and_waiting_goes_on()
    {
        // A state APIXO added after this client was built (an open set): not an end, not an error.
        var queued = new TaskState("queued");
        var api = new ScriptedApi(_clock).Status(TaskState.Pending).Status(queued).Status(queued).Status(TaskState.Success);
        var seen = new List<TaskState>();

        var done = await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K, progress: new SynchronousProgress(task => seen.Add(task.State))));

        Assert.Equal(TaskState.Success, done.State);
        Assert.Equal([TaskState.Pending, queued, TaskState.Success], seen);
        Assert.Equal(4, api.StatusCalls.Count);
        Assert.False(new GenerationTask { TaskId = "t", State = queued }.IsTerminal);
    }

    [Fact]
    public async Task A_failed_task_throws_with_its_code_message_and_advice()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Status(TaskState.Failed);

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K)));

        Assert.Equal(FailCode.ContentViolation, error.FailCode);
        Assert.Equal("blocked", error.FailMessage);
        Assert.Equal(FailCode.ContentViolation.Advice, error.Advice);
        Assert.Equal(FailRetryClass.ChangeInput, error.RetryClass);
        Assert.Contains("CONTENT_VIOLATION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_older_than_24_hours_is_reported_as_expired()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Success, shape: data => data.CompleteTime = (Start - TimeSpan.FromHours(25)).ToUnixTimeMilliseconds());

        var task = await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K, submittedAt: Start - TimeSpan.FromMinutes(1)));

        Assert.True(task.IsExpired);
    }

    [Fact]
    public async Task An_unreadable_answer_or_an_outage_is_a_missed_poll_until_the_deadline()
    {
        var api = new ScriptedApi(_clock).Raw(ScriptedApi.Unreadable).Raw(() => ScriptedApi.Error(System.Net.HttpStatusCode.ServiceUnavailable))
            .Raw(() => ScriptedApi.Error(System.Net.HttpStatusCode.BadGateway)).Status(TaskState.Success);
        Assert.Equal(TaskState.Success, (await _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K))).State);
        Assert.Equal([30.0, 40, 50, 60], SecondsOf(api));

        var broken = new ScriptedApi(_clock) { Then = ScriptedApi.Unreadable };
        var error = await Assert.ThrowsAsync<ApixoDeadlineExceededException>(() => _clock.RunAsync(Client(broken).WaitForCompletionAsync("task_1", Resolution.Res1K)));
        Assert.Equal(22, broken.StatusCalls.Count);
        Assert.Null(error.Operation.LastState);
    }

    [Fact]
    public async Task An_error_a_retry_cannot_help_ends_the_wait_with_the_task_id()
    {
        var api = new ScriptedApi(_clock).Status(TaskState.Processing).Raw(() => ScriptedApi.Error(System.Net.HttpStatusCode.NotFound));

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => _clock.RunAsync(Client(api).WaitForCompletionAsync("task_1", Resolution.Res1K)));

        Assert.Equal((404, ApixoErrorKind.NotFound, "task_1"), (error.Status, error.Kind, error.TaskId));
    }

    [Fact]
    public async Task The_deadline_counts_from_each_call_so_a_resume_gets_a_fresh_budget()
    {
        var api = new ScriptedApi(_clock) { Then = () => ScriptedApi.Answer(TaskState.Processing) };
        var client = Client(api, o => o.Deadline = TimeSpan.FromSeconds(40));
        var first = await Assert.ThrowsAsync<ApixoDeadlineExceededException>(() => _clock.RunAsync(client.WaitForCompletionAsync("task_1", Resolution.Res1K, submittedAt: Start)));
        Assert.Equal(Start, first.Operation.SubmittedAt);
        Assert.Equal([30.0, 40], SecondsOf(api));

        api.Then = () => ScriptedApi.Answer(TaskState.Success);
        var done = await _clock.RunAsync(client.WaitForCompletionAsync(first.Operation.Id, Resolution.Res1K, first.Operation.SubmittedAt));

        Assert.Equal(TaskState.Success, done.State);
        Assert.Equal([30.0, 40, 40], SecondsOf(api));
    }

    private sealed class SynchronousProgress(Action<GenerationTask> report) : IProgress<GenerationTask>
    {
        public void Report(GenerationTask value) => report(value);
    }
}
