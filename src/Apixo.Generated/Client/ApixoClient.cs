using System.Diagnostics.Metrics;
using System.Text.Json;
using Apixo.Generated.Resilience;
using Apixo.Generated.Serialization;
using Apixo.Generated.Telemetry;
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

    internal ApixoClientOptions ClientOptions => _options;

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    internal ApixoInstrumentation Instrumentation { get; }

    /// <summary>
    /// Creates the client over the generated Refit interface (see <c>AddApixoClient</c> for DI). Its instruments are on
    /// <paramref name="meterFactory"/>'s meter when given (DI gives it), else on a static one.
    /// </summary>
    public ApixoClient(IApixoApi api, IOptions<ApixoClientOptions> options, TimeProvider? timeProvider = null, ILogger<ApixoClient>? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ApixoClient>.Instance;
        Instrumentation = new ApixoInstrumentation(ApixoMetrics.For(meterFactory), _time);
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
        using var activity = ApixoInstrumentation.StartSubmit(request);
        try
        {
            // The answer is read synchronously, in ReadAccepted: one async frame per submit, as per status read.
            var response = await _api.GenerateTaskAsync(WithSignedCallback(request), cancellationToken).ConfigureAwait(false);
            var taskId = ReadAccepted(response, request, cancellationToken);
            Instrumentation.Submitted(activity, request, taskId);
            return taskId;
        }
        catch (Exception exception)
        {
            Instrumentation.SubmitFailed(activity, request, exception);
            throw;
        }
    }

    private string ReadAccepted(IApiResponse<GenerateTaskResponse> response, GenerateTaskRequest request, CancellationToken cancellationToken)
    {
        // Once an answer is in, it is reported even if the caller cancelled meanwhile: an accepted task is billed.
        if (response.HasRequestError(out var requestError))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The submit was cancelled while in flight; it may have reached the server and created a task.", requestError, cancellationToken);
            }

            if (requestError.InnerException is HttpRequestException never && ApixoRetryPolicy.NeverSent(never))
            {
                throw new ApixoApiException("submit", 0, ClientErrors.Transport, null, "The server could not be reached; nothing was sent, so submitting again is safe.", requestError.InnerException);
            }

            throw OutcomeUnknown(0, ClientErrors.Transport, null, "The connection failed or timed out after the request was sent.", requestError.InnerException ?? requestError);
        }

        var status = (int)(response.StatusCode ?? 0);
        if (!response.IsSuccessStatusCode)
        {
            var (message, data) = ServerErrorEnvelope.Read(response, _options.ApiKey);
            var error = ApixoHttpErrors.Describe(status);
            if (!error.NothingCreated)
            {
                throw OutcomeUnknown(status, error, message, $"The server answered {status}, which does not say whether the task was created.", null, data);
            }

            throw new ApixoApiException("submit", status, error, message, serverData: data) { RetryAfter = RetryAfterOf(response) };
        }

        var taskId = response.HasContent ? response.Content.Data?.TaskId : null;
        if (string.IsNullOrWhiteSpace(taskId))
        {
            throw OutcomeUnknown(status, ClientErrors.UnreadableResponse(status), null, "The server accepted the request but its answer holds no task id.", response.Error);
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
        using var activity = ApixoInstrumentation.StartStatus(taskId, mode: null, resolution: null, attempt: null);
        try
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
            var response = await _api.GetTaskStatusAsync(taskId, cancellationToken).ConfigureAwait(false);
            var task = ReadStatus(response, taskId, cancellationToken);
            ApixoInstrumentation.StatusRead(activity, task);
            return task;
        }
        catch (Exception exception)
        {
            ApixoActivities.Failed(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Submits a task and returns its operation: wait for it, watch its state changes, or keep its
    /// <see cref="GenerationOperation.RehydrationToken"/> to resume it elsewhere.
    /// </summary>
    /// <exception cref="ApixoApiException">The server refused the request (nothing was created).</exception>
    /// <exception cref="ApixoSubmitOutcomeUnknownException">The request left but no answer says whether it was accepted.</exception>
    public async Task<GenerationOperation> StartGenerationAsync(GenerateTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var submittedAt = _time.GetUtcNow();
        var taskId = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        return new GenerationOperation(this, taskId, request.Input.Resolution ?? ResolutionValues.Default, submittedAt, GptImage2Modes.Of(request.Input)?.Wire);
    }

    /// <summary>Submits and waits: <see cref="StartGenerationAsync"/>, then <see cref="GenerationOperation.WaitForCompletionAsync(IProgress{GenerationTask}?, CancellationToken)"/>.</summary>
    public async Task<GenerationTask> GenerateAsync(GenerateTaskRequest request, IProgress<GenerationTask>? progress = null, CancellationToken cancellationToken = default)
    {
        var operation = await StartGenerationAsync(request, cancellationToken).ConfigureAwait(false);
        return await operation.WaitForCompletionAsync(progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rebuilds an operation from its <see cref="GenerationOperation.RehydrationToken"/>, made by this or another process. Makes no call.</summary>
    /// <exception cref="ArgumentException">The string is not a token this client reads (garbage, damaged, or of another format version); the message says which.</exception>
    public GenerationOperation ResumeOperation(string rehydrationToken)
    {
        var (id, resolution, submittedAt, mode) = OperationToken.Read(rehydrationToken);
        return new GenerationOperation(this, id, resolution, submittedAt, mode);
    }

    /// <summary>
    /// Rebuilds an operation from a task id, for when no token was kept. <paramref name="resolution"/> must be the task's own:
    /// it sets the schedule and the deadline. Without <paramref name="submittedAt"/>, a wait's first poll comes after the
    /// schedule's full first-poll delay. Makes no call.
    /// </summary>
    public GenerationOperation ResumeOperation(string taskId, Resolution resolution, DateTimeOffset? submittedAt = null) =>
        new(this, taskId, resolution, submittedAt, mode: null);

    /// <summary>
    /// Waits until the task is done: <see cref="ResumeOperation(string, Resolution, DateTimeOffset?)"/>, then
    /// <see cref="GenerationOperation.WaitForCompletionAsync(IProgress{GenerationTask}?, CancellationToken)"/>, which says how.
    /// </summary>
    /// <exception cref="TaskFailedException">The task failed.</exception>
    /// <exception cref="ApixoDeadlineExceededException">The deadline passed; the task goes on.</exception>
    /// <exception cref="ApixoWaitCanceledException">The caller cancelled; the task goes on.</exception>
    /// <exception cref="ApixoApiException">A status call failed in a way a retry cannot help (401, 403, 404…); it carries the task id.</exception>
    public Task<GenerationTask> WaitForCompletionAsync(
        string taskId,
        Resolution resolution,
        DateTimeOffset? submittedAt = null,
        IProgress<GenerationTask>? progress = null,
        CancellationToken cancellationToken = default) =>
        ResumeOperation(taskId, resolution, submittedAt).WaitForCompletionAsync(progress, cancellationToken);

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

    internal async Task<(GenerationTask Task, TimeSpan? RetryAfter)> ReadStatusAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var response = await _api.GetTaskStatusAsync(taskId, cancellationToken).ConfigureAwait(false);
        return (ReadStatus(response, taskId, cancellationToken), ApixoResilience.RetryAfter(response.Headers?.RetryAfter, _time.GetUtcNow()));
    }

    private GenerationTask ReadStatus(IApiResponse<TaskStatusResponse> response, string taskId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureAnswered(response, "status", taskId);
        GenerationTask task;
        try
        {
            task = GenerationTask.From(response.Content!.Data, _time.GetUtcNow());
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or OverflowException)
        {
            throw new ApixoApiException("status", (int)response.StatusCode!, ClientErrors.UnreadableResponse((int)response.StatusCode!), null, $"The answer about task {taskId} could not be read: {exception.Message}", exception, taskId);
        }

        // A relay or a confused server may answer about another task: its state is not this task's.
        if (!string.Equals(task.TaskId, taskId, StringComparison.Ordinal))
        {
            throw new ApixoApiException("status", (int)response.StatusCode!, ClientErrors.UnreadableResponse((int)response.StatusCode!), null, $"The answer about task {taskId} is about another task.", null, taskId);
        }

        return task;
    }

    private void EnsureAnswered<T>(IApiResponse<T> response, string operation, string? taskId)
    {
        if (response.HasRequestError(out var requestError))
        {
            if (requestError.InnerException is OperationCanceledException canceled)
            {
                throw canceled;
            }

            throw new ApixoApiException(operation, 0, ClientErrors.Transport, null, null, requestError.InnerException ?? requestError, taskId);
        }

        var status = (int)(response.StatusCode ?? 0);
        if (!response.IsSuccessStatusCode)
        {
            var (message, data) = ServerErrorEnvelope.Read(response, _options.ApiKey);
            throw new ApixoApiException(operation, status, ApixoHttpErrors.Describe(status), message, null, null, taskId, data) { RetryAfter = RetryAfterOf(response) };
        }

        if (!response.HasContent)
        {
            throw new ApixoApiException(operation, status, ClientErrors.UnreadableResponse(status), null, "The answer could not be read: " + (response.Error?.InnerException?.GetBaseException().Message ?? "it is empty") + ".", response.Error, taskId);
        }
    }

    // The refusal's Retry-After, capped as the retries cap it: the caller that goes on (a batch, a wait) honours it too.
    private TimeSpan? RetryAfterOf(IApiResponse response) => RetryAfterWait.Of(response.Headers, _time.GetUtcNow(), _options.MaxRetryDelay);

    private ApixoSubmitOutcomeUnknownException OutcomeUnknown(int status, ApixoHttpErrorInfo error, string? message, string reason, Exception? inner, JsonElement? data = null)
    {
        ApixoLog.SubmitOutcomeUnknown(_logger, reason);
        return new ApixoSubmitOutcomeUnknownException(status, error, message, reason, inner, data);
    }
}
