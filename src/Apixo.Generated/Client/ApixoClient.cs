using System.Text.Json;
using Apixo.Generated.Resilience;
using Apixo.Generated.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Refit;

namespace Apixo.Generated;

/// <summary>
/// The APIXO GPT Image 2 client: submit, read a task's status, wait for it on the server's schedule, and read
/// the balance. Waiting never cancels the server task; a submit is never retried where it may have been accepted.
/// </summary>
public sealed class ApixoClient
{
    private readonly IApixoApi _api;
    private readonly ApixoClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the client over the generated Refit interface (see <c>AddApixoClient</c> for DI).</summary>
    public ApixoClient(IApixoApi api, IOptions<ApixoClientOptions> options, TimeProvider? timeProvider = null, ILogger<ApixoClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ApixoClient>.Instance;
    }

    /// <summary>Creates a client without DI: the same handlers (retries, timeouts, authorization) as <c>AddApixoClient</c>.</summary>
    public static ApixoClient Create(ApixoClientOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new ApixoClientOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(ApixoClientOptions), typeof(ApixoClientOptions), validation.Failures);
        }

        var time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ApixoClient>();
        var handler = ApixoResilience.CreateHandler(options, time, logger, ApixoResilience.CreatePrimaryHandler());
        var api = Http.ApixoApiFactory.Create(new HttpClient(handler) { BaseAddress = options.BaseAddress, Timeout = Timeout.InfiniteTimeSpan });
        return new ApixoClient(api, Options.Create(options), time, logger);
    }

    /// <summary>
    /// Submits a task and returns its id. Build the request with <see cref="GptImage2"/> so that it cannot break the contract.
    /// With <see cref="ApixoClientOptions.CallbackSigningKey"/> set, the callback URL sent carries a fresh signature;
    /// <paramref name="request"/> itself is not changed.
    /// </summary>
    /// <exception cref="ApixoApiException">The server refused the request (nothing was created).</exception>
    /// <exception cref="ApixoSubmitOutcomeUnknownException">The request left but no answer says whether it was accepted.</exception>
    public async Task<string> SubmitAsync(GenerateTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await _api.GenerateTaskAsync(WithSignedCallback(request), cancellationToken).ConfigureAwait(false);

        // Once an answer is in, it is reported even if the caller cancelled meanwhile: an accepted task is billed.
        if (response.HasRequestError(out var requestError))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The submit was cancelled while in flight; it may have reached the server and created a task.", requestError, cancellationToken);
            }

            if (requestError.InnerException is HttpRequestException never && ApixoRetryPolicy.NeverSent(never))
            {
                throw new ApixoApiException("submit", 0, NoResponse, null, "The server could not be reached; nothing was sent, so submitting again is safe.", requestError.InnerException);
            }

            throw OutcomeUnknown(0, null, "The connection failed or timed out after the request was sent.", requestError.InnerException ?? requestError);
        }

        var status = (int)(response.StatusCode ?? 0);
        if (!response.IsSuccessStatusCode)
        {
            var (message, data) = ServerErrorEnvelope.Read(response, _options.ApiKey);
            var error = ApixoHttpErrors.Describe(status);
            if (!error.NothingCreated)
            {
                throw OutcomeUnknown(status, message, $"The server answered {status}, which does not say whether the task was created.", null, data);
            }

            throw new ApixoApiException("submit", status, error, message, serverData: data);
        }

        var taskId = response.HasContent ? response.Content.Data?.TaskId : null;
        if (string.IsNullOrWhiteSpace(taskId))
        {
            throw OutcomeUnknown(status, null, "The server accepted the request but its answer holds no task id.", response.Error);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var mode = GptImage2Modes.Of(request.Input)?.Wire ?? request.Input.GetType().Name;
            var promptLength = ContractRules.CountCharacters(request.Input.Prompt ?? string.Empty);
            ApixoLog.Submitted(_logger, taskId, mode, request.Input.Resolution, promptLength);
        }
        if (_options.LogPrompts)
        {
            ApixoLog.SubmittedPrompt(_logger, taskId, request.Input.Prompt ?? string.Empty);
        }

        return taskId;
    }

    /// <summary>Reads a task's current state (retried on transient failures).</summary>
    /// <exception cref="ApixoApiException">The call failed, or its answer could not be read.</exception>
    public async Task<GenerationTask> GetStatusAsync(string taskId, CancellationToken cancellationToken = default)
    {
        var (task, _) = await ReadStatusAsync(taskId, cancellationToken).ConfigureAwait(false);
        return task;
    }

    /// <summary>
    /// Waits until the task is done, polling on the contract's schedule for <paramref name="resolution"/>: the
    /// first poll at its first-poll delay after <paramref name="submittedAt"/> (at once when that time has passed;
    /// after the full delay from now when it is not given), then at its interval, or later when the server sends
    /// Retry-After (never later than <see cref="ApixoClientOptions.MaxRetryDelay"/>). When the next poll would
    /// fall after the deadline, waiting ends at once rather than sleeping to no purpose. A poll that fails in a way a retry can help, or whose answer cannot be read, is a missed
    /// poll: waiting goes on until the deadline, counted from this call.
    /// </summary>
    /// <returns>The succeeded task, with its result URLs (check <see cref="GenerationTask.IsExpired"/> for old tasks).</returns>
    /// <exception cref="TaskFailedException">The task failed.</exception>
    /// <exception cref="ApixoDeadlineExceededException">The deadline passed; the task goes on.</exception>
    /// <exception cref="ApixoWaitCanceledException">The caller cancelled; the task goes on.</exception>
    /// <exception cref="ApixoApiException">A status call failed in a way a retry cannot help (401, 403, 404…); it carries the task id.</exception>
    public async Task<GenerationTask> WaitForCompletionAsync(
        string taskId,
        Resolution resolution,
        DateTimeOffset? submittedAt = null,
        IProgress<GenerationTask>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var schedule = GptImage2Polling.For(resolution);
        var started = _time.GetUtcNow();
        var deadline = _options.Deadline ?? schedule.TypicalMax + _options.DeadlineMargin;
        var deadlineAt = started + deadline;
        var nextPoll = submittedAt is { } submitted && submitted + schedule.FirstPoll < started ? started : (submittedAt ?? started) + schedule.FirstPoll;
        TaskState? last = null;

        for (var attempt = 1; ; attempt++)
        {
            if (nextPoll > deadlineAt)
            {
                ApixoLog.StoppedWaiting(_logger, taskId, "deadline");
                throw new ApixoDeadlineExceededException(taskId, last, deadline, submittedAt);
            }

            try
            {
                var now = _time.GetUtcNow();
                if (nextPoll > now)
                {
                    await Task.Delay(nextPoll - now, _time, cancellationToken).ConfigureAwait(false);
                }

                // The deadline is checked before each poll; a poll in flight is bounded by TotalTimeout.
                var (task, retryAfter) = await ReadStatusAsync(taskId, cancellationToken).ConfigureAwait(false);
                ApixoLog.Polled(_logger, taskId, attempt, task.State);
                if (task.State != last)
                {
                    // The contract lists the states in their order; a state it does not name has no place in it.
                    if (last is { } previous && Rank(task.State) is >= 0 and var rank && rank < Rank(previous))
                    {
                        ApixoLog.StateWentBack(_logger, taskId, previous, task.State);
                    }

                    ApixoLog.StateChanged(_logger, taskId, task.State);
                    last = task.State;
                    progress?.Report(task);
                }

                // The contract says which states end a task and which of those carry a result. Any other end (a
                // failure, or a state such as canceled) is a typed failure; a state this client does not know is
                // not an end: it was reported to progress above, and waiting goes on.
                if (task.IsTerminal && !task.IsSuccess)
                {
                    ApixoLog.Failed(_logger, taskId, task.FailCode?.Value ?? "(none)");
                    throw new TaskFailedException(task);
                }

                if (task.IsSuccess)
                {
                    if (task.IsExpired)
                    {
                        ApixoLog.Expired(_logger, taskId, task.CompletedAt + GenerationTask.ResultLifetime);
                    }

                    ApixoLog.Completed(_logger, taskId, task.ResultUrls.Count, task.Duration);
                    return task;
                }

                // Retry-After may space the polls out, capped at MaxRetryDelay: taken in full, an absurd value
                // puts the next poll past the deadline and waiting ends without another look at the task.
                var wait = RetryAfterWait.Capped(retryAfter, _options.MaxRetryDelay) is { } hint && hint > schedule.Interval ? hint : schedule.Interval;
                nextPoll = _time.GetUtcNow() + wait;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                ApixoLog.StoppedWaiting(_logger, taskId, "cancelled");
                throw new ApixoWaitCanceledException(taskId, last, submittedAt, cancellationToken);
            }
            catch (ApixoApiException exception) when (exception.IsRetryable || exception.StatusCode == 200)
            {
                // A passing outage, or an answer this client cannot read (a new state, a broken body): a missed poll.
                ApixoLog.UnreadableStatus(_logger, taskId, attempt, exception.Message);
                nextPoll = _time.GetUtcNow() + schedule.Interval;
            }
        }
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

    /// <summary>Submits and waits: <see cref="SubmitAsync"/> then <see cref="WaitForCompletionAsync"/> on the request's resolution.</summary>
    public async Task<GenerationTask> GenerateAsync(GenerateTaskRequest request, IProgress<GenerationTask>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var submittedAt = _time.GetUtcNow();
        var taskId = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        return await WaitForCompletionAsync(taskId, request.Input.Resolution ?? ResolutionValues.Default, submittedAt, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The balance of the key, in USD.</summary>
    public async Task<decimal> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        var response = await _api.GetBalanceAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureAnswered(response, "balance", null);
        return response.Content!.Data;
    }

    // A copy, not the caller's object: a request kept and submitted twice must not carry the first token, and a
    // caller reading its request after the call should see the URL it set. Every member is copied (a test holds
    // this list to the contract's properties).
    private GenerateTaskRequest WithSignedCallback(GenerateTaskRequest request) =>
        _options.CallbackSigningKey is not { Length: > 0 } key || request.CallbackUrl is null
            ? request
            : new GenerateTaskRequest
            {
                RequestType = request.RequestType,
                Input = request.Input,
                CallbackUrl = ApixoCallbackSignature.Sign(request.CallbackUrl, key, _time),
            };

    private async Task<(GenerationTask Task, TimeSpan? RetryAfter)> ReadStatusAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var response = await _api.GetTaskStatusAsync(taskId, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureAnswered(response, "status", taskId);
        GenerationTask task;
        try
        {
            task = GenerationTask.From(response.Content!.Data, _time.GetUtcNow());
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or OverflowException)
        {
            throw new ApixoApiException("status", 200, ApixoHttpErrors.Describe(200), null, $"The answer about task {taskId} could not be read: {exception.Message}", exception, taskId);
        }

        // A relay or a confused server may answer about another task: its state is not this task's.
        if (!string.Equals(task.TaskId, taskId, StringComparison.Ordinal))
        {
            throw new ApixoApiException("status", 200, ApixoHttpErrors.Describe(200), null, $"The answer about task {taskId} is about another task.", null, taskId);
        }

        return (task, ApixoResilience.RetryAfter(response.Headers?.RetryAfter, _time.GetUtcNow()));
    }

    private void EnsureAnswered<T>(IApiResponse<T> response, string operation, string? taskId)
    {
        if (response.HasRequestError(out var requestError))
        {
            if (requestError.InnerException is OperationCanceledException canceled)
            {
                throw canceled;
            }

            throw new ApixoApiException(operation, 0, NoResponse, null, "No response arrived, after the retries.", requestError.InnerException ?? requestError, taskId);
        }

        var status = (int)(response.StatusCode ?? 0);
        if (!response.IsSuccessStatusCode)
        {
            var (message, data) = ServerErrorEnvelope.Read(response, _options.ApiKey);
            throw new ApixoApiException(operation, status, ApixoHttpErrors.Describe(status), message, null, null, taskId, data);
        }

        if (!response.HasContent)
        {
            throw new ApixoApiException(operation, status, ApixoHttpErrors.Describe(status), null, "The answer could not be read: " + (response.Error?.InnerException?.Message ?? "it is empty") + ".", response.Error, taskId);
        }
    }

    private ApixoSubmitOutcomeUnknownException OutcomeUnknown(int status, string? message, string reason, Exception? inner, JsonElement? data = null)
    {
        ApixoLog.SubmitOutcomeUnknown(_logger, reason);
        return new ApixoSubmitOutcomeUnknownException(status, status == 0 ? NoAnswerToSubmit : ApixoHttpErrors.Describe(status), message, reason, inner, data);
    }

    // When no answer arrived, the API said nothing, so its catalogue has no entry for it: describing that case is our
    // choice, not a contract fact. A call that got no response reads as ServiceUnavailable (retry later, with backoff),
    // and a submit that left but got no answer as UpstreamTimeout (its advice is replaced: the outcome is unknown). They
    // are named by kind, so a contract without them fails the build here; StatusCode stays 0 ("no response").
    private static ApixoHttpErrorInfo NoResponse => ApixoHttpErrors.Of(ApixoErrorKind.ServiceUnavailable);

    private static ApixoHttpErrorInfo NoAnswerToSubmit => ApixoHttpErrors.Of(ApixoErrorKind.UpstreamTimeout);
}
