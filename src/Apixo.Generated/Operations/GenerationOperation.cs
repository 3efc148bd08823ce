using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated;

/// <summary>
/// A submitted generation task, after Azure's <c>Operation&lt;T&gt;</c>: its <see cref="Id"/>, its state so far, a wait on
/// the contract's schedule for its resolution, a stream of its state changes, and a <see cref="RehydrationToken"/> that
/// rebuilds it in another process (<see cref="ApixoClient.ResumeOperation(string)"/>). Waiting never cancels the task.
/// </summary>
/// <remarks>
/// One operation is meant for one waiter at a time; reading its properties from other threads is safe.
/// </remarks>
public sealed partial class GenerationOperation
{
    private readonly ApixoClient _client;
    private GenerationTask? _latest;
    private string? _token;

    internal GenerationOperation(ApixoClient client, string id, Resolution resolution, DateTimeOffset? submittedAt, string? mode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        _ = GptImage2Polling.For(resolution); // a resolution the contract has no schedule for is refused now, not at the first wait
        _client = client;
        Id = id;
        Resolution = resolution;
        SubmittedAt = submittedAt;
        Mode = mode;
    }

    /// <summary>The task id (opaque, as the server gave it).</summary>
    public string Id { get; }

    /// <summary>The task's resolution: it sets the polling schedule and the default deadline.</summary>
    public Resolution Resolution { get; }

    /// <summary>When the task was submitted, when known: the first poll of a wait comes at the schedule's delay after it.</summary>
    public DateTimeOffset? SubmittedAt { get; }

    /// <summary>The mode's wire name (<see cref="GptImage2Modes"/>), when known.</summary>
    public string? Mode { get; }

    /// <summary>
    /// One opaque, versioned string that carries all a resume needs (id, resolution, submit time, mode); store it in a
    /// database or pass it to another process, and rebuild the operation with <see cref="ApixoClient.ResumeOperation(string)"/>.
    /// It holds no secret.
    /// </summary>
    public string RehydrationToken => _token ??= OperationToken.Write(Id, Resolution, SubmittedAt, Mode);

    /// <summary>The state the last status answer gave; null before any.</summary>
    public TaskState? LastState => Volatile.Read(ref _latest)?.State;

    /// <summary>Whether the task reached a terminal state (the contract's <see cref="TaskStateValues.IsTerminal"/>), as of the last status answer.</summary>
    public bool HasCompleted => Volatile.Read(ref _latest) is { IsTerminal: true };

    /// <summary>Whether the task succeeded, so that <see cref="Value"/> is its result.</summary>
    public bool HasValue => Volatile.Read(ref _latest) is { IsSuccess: true };

    /// <summary>The finished task, with its result URLs.</summary>
    /// <exception cref="InvalidOperationException">The task has not completed (as of the last status answer): wait for it first.</exception>
    /// <exception cref="TaskFailedException">The task completed without a result.</exception>
    public GenerationTask Value
    {
        get
        {
            var latest = Volatile.Read(ref _latest);
            if (latest is not { IsTerminal: true })
            {
                throw new InvalidOperationException($"Task {Id} has not completed (last state: {StateName(latest?.State)}): await WaitForCompletionAsync or UpdateStatusAsync before reading Value.");
            }

            return latest.IsSuccess ? latest : throw new TaskFailedException(latest, SubmittedAt);
        }
    }

    /// <summary>Asks the server once for the task's state (retried on transient failures) and keeps the answer.</summary>
    /// <exception cref="ApixoApiException">The call failed, or its answer could not be read; it carries the task id, submit time and last state.</exception>
    public async Task<GenerationTask> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var (task, _) = await PacedReadStatusAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _latest, task);
            return task;
        }
        catch (ApixoApiException exception)
        {
            Enrich(exception);
            throw;
        }
    }

    /// <summary>Waits until the task is done, on the contract's schedule (see <see cref="WaitForCompletionAsync(IProgress{GenerationTask}?, CancellationToken)"/>).</summary>
    public Task<GenerationTask> WaitForCompletionAsync(CancellationToken cancellationToken = default) => WaitForCompletionAsync(null, cancellationToken);

    /// <summary>
    /// Waits until the task is done, polling on the contract's schedule for <see cref="Resolution"/>: the first poll at its
    /// first-poll delay after <see cref="SubmittedAt"/> (at once when that time has passed; after the full delay from now
    /// when it is not known), then at its interval, or later when the server sends Retry-After (never later than
    /// <see cref="ApixoClientOptions.MaxRetryDelay"/>). When the next poll would fall after the deadline (counted from this
    /// call), waiting ends at once. A poll that fails in a way a retry can help, or whose answer cannot be read, is a
    /// missed poll. Each change of state is reported to <paramref name="progress"/>.
    /// </summary>
    /// <returns>The succeeded task, with its result URLs (check <see cref="GenerationTask.IsExpired"/> for old tasks).</returns>
    /// <exception cref="TaskFailedException">The task failed.</exception>
    /// <exception cref="ApixoDeadlineExceededException">The deadline passed; the task goes on.</exception>
    /// <exception cref="ApixoWaitCanceledException">The caller cancelled; the task goes on.</exception>
    /// <exception cref="ApixoApiException">A status call failed in a way a retry cannot help (401, 403, 404…); it carries the task id.</exception>
    public async Task<GenerationTask> WaitForCompletionAsync(IProgress<GenerationTask>? progress, CancellationToken cancellationToken = default)
    {
        if (!HasCompleted)
        {
            await foreach (var task in PollAsync(cancellationToken).ConfigureAwait(false))
            {
                progress?.Report(task);
            }
        }

        return Value;
    }

    /// <summary>
    /// Each change of the task's state, as <see cref="WaitForCompletionAsync(IProgress{GenerationTask}?, CancellationToken)"/>
    /// polls for it, ending after the terminal state (a failed task is yielded, not thrown: read <see cref="Value"/> to throw
    /// it). On a completed operation, yields its last state once and makes no call.
    /// </summary>
    /// <exception cref="ApixoDeadlineExceededException">The deadline passed; the task goes on.</exception>
    /// <exception cref="ApixoWaitCanceledException">The caller cancelled; the task goes on.</exception>
    /// <exception cref="ApixoApiException">A status call failed in a way a retry cannot help.</exception>
    public IAsyncEnumerable<GenerationTask> WatchAsync(CancellationToken cancellationToken = default) => WatchCoreAsync(cancellationToken);

    // The iterator itself is private, so the public surface does not carry a compiler-named state machine; a token given
    // to WithCancellation is linked with the argument's all the same.
    private async IAsyncEnumerable<GenerationTask> WatchCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _latest) is { IsTerminal: true } done)
        {
            yield return done;
            yield break;
        }

        await foreach (var task in PollAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return task;
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> has the form of a rehydration token, of whatever format version (so that a token of
    /// another version is refused by name, not taken for a task id); <see cref="ApixoClient.ResumeOperation(string)"/> checks the rest.
    /// </summary>
    public static bool IsRehydrationToken(string? text) => OperationToken.HasForm(text);

    /// <summary>Describes the operation.</summary>
    public override string ToString() => $"GenerationOperation {{ Id = {Id}, Resolution = {ResolutionValues.ToWire(Resolution)}, LastState = {StateName(LastState)} }}";

    internal static string DescribeStop(GenerationOperation operation, string what)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return $"{what} (last state: {StateName(operation.LastState)}). The task goes on on the server: wait for it again with its id or its rehydration token.";
    }

    private static string StateName(TaskState? state) => state is { Value.Length: > 0 } seen ? seen.Value : "unknown";

    // The one polling loop: WaitForCompletionAsync and WatchAsync both read it.
    private async IAsyncEnumerable<GenerationTask> PollAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = _client.ClientOptions;
        var time = _client.Time;
        var logger = _client.Logger;
        var schedule = GptImage2Polling.For(Resolution);
        var started = time.GetUtcNow();
        var deadline = options.Deadline ?? schedule.TypicalMax + options.DeadlineMargin;
        var deadlineAt = started + deadline;
        var nextPoll = SubmittedAt is { } submitted && submitted + schedule.FirstPoll < started ? started : (SubmittedAt ?? started) + schedule.FirstPoll;
        using var telemetry = StartWait();

        for (var attempt = 1; ; attempt++)
        {
            // The deadline is checked before each poll; a poll in flight is bounded by TotalTimeout.
            if (nextPoll > deadlineAt)
            {
                ApixoLog.StoppedWaiting(logger, Id, "deadline");
                throw telemetry.Stopped(new ApixoDeadlineExceededException(this, deadline));
            }

            var (task, retryAfter) = await PollOnceAsync(nextPoll, attempt, cancellationToken).ConfigureAwait(false);
            if (task is null)
            {
                nextPoll = time.GetUtcNow() + NextWait(retryAfter);
                continue;
            }

            ApixoLog.Polled(logger, Id, attempt, task.State);
            var last = Volatile.Read(ref _latest)?.State;
            Volatile.Write(ref _latest, task);
            if (task.State != last)
            {
                // The contract lists the states in their order; a state it does not name has no place in it.
                if (last is { } previous && Rank(task.State) is >= 0 and var rank && rank < Rank(previous))
                {
                    ApixoLog.StateWentBack(logger, Id, previous, task.State);
                }

                ApixoLog.StateChanged(logger, Id, task.State);
                yield return task;
            }

            // The contract says which states end a task and which of those carry a result. Any other end (a failure, or
            // a state such as canceled) is a failure, which Value throws; a state this client does not know is not an
            // end: it was reported above, and waiting goes on.
            if (task.IsTerminal)
            {
                if (task.IsSuccess)
                {
                    if (task.IsExpired)
                    {
                        ApixoLog.Expired(logger, Id, task.CompletedAt + GenerationTask.ResultLifetime);
                    }

                    ApixoLog.Completed(logger, Id, task.ResultUrls.Count, task.Duration);
                }
                else
                {
                    ApixoLog.Failed(logger, Id, task.FailCode?.Value ?? "(none)");
                }

                yield break;
            }

            nextPoll = time.GetUtcNow() + NextWait(retryAfter);
        }

        // Retry-After (on an answer, or on a refusal that made a poll a missed one) may space the polls out, capped at
        // MaxRetryDelay: taken in full, an absurd value puts the next poll past the deadline and waiting ends without
        // another look at the task. Never sooner than the schedule's interval.
        TimeSpan NextWait(TimeSpan? retryAfter) =>
            Resilience.RetryAfterWait.Capped(retryAfter, options.MaxRetryDelay) is { } hint && hint > schedule.Interval ? hint : schedule.Interval;
    }

    // One poll, at its time. A missed poll (a failure a retry can help, or an answer that cannot be read) gives no task.
    private async Task<(GenerationTask? Task, TimeSpan? RetryAfter)> PollOnceAsync(DateTimeOffset at, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            var now = _client.Time.GetUtcNow();
            if (at > now)
            {
                await Task.Delay(at - now, _client.Time, cancellationToken).ConfigureAwait(false);
            }

            return await PacedReadStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ApixoLog.StoppedWaiting(_client.Logger, Id, "cancelled");
            throw Stopped(new ApixoWaitCanceledException(this, cancellationToken));
        }
        catch (ApixoApiException exception) when (exception.IsRetryable || exception.Kind == ApixoErrorKind.UnreadableResponse)
        {
            // A passing outage, or an answer this client cannot read (a new shape, a broken body): a missed poll. A
            // refusal's Retry-After (a 429 the client's retries did not absorb) puts the next poll that much later.
            ApixoLog.UnreadableStatus(_client.Logger, Id, attempt, exception.Message);
            return (null, exception.RetryAfter);
        }
        catch (ApixoApiException exception)
        {
            Enrich(exception);
            Stopped(exception);
            throw;
        }
    }

    /// <summary>
    /// When set, every status call of the operation waits for its turn in this budget, shared with other calls (a batch's
    /// requests per minute). A turn only ever comes later than the schedule's time, never sooner.
    /// </summary>
    internal IRequestPacer? Pacer { get; set; }

    private Task<(GenerationTask Task, TimeSpan? RetryAfter)> PacedReadStatusAsync(CancellationToken cancellationToken) =>
        Pacer is { } pacer ? PacedAsync(pacer, cancellationToken) : ReadStatusAsync(cancellationToken);

    private async Task<(GenerationTask Task, TimeSpan? RetryAfter)> PacedAsync(IRequestPacer pacer, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var answer = await ReadStatusAsync(cancellationToken).ConfigureAwait(false);
            pacer.Answered(null);
            return answer;
        }
        catch (Exception exception)
        {
            pacer.Answered(exception);
            throw;
        }
    }

    private void Enrich(ApixoApiException exception)
    {
        exception.SubmittedAt ??= SubmittedAt;
        exception.LastState ??= LastState;
    }

    private static int Rank(TaskState state)
    {
        for (var i = 0; i < TaskStateValues.All.Count; i++)
        {
            if (TaskStateValues.All[i] == state)
            {
                return i;
            }
        }

        return -1;
    }
}
