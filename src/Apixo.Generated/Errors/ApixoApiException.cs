using System.Text.Json;

namespace Apixo.Generated;

/// <summary>
/// The one base of everything the client throws about the service: a refused or failed call, a call that got no
/// answer (<see cref="Status"/> 0, <see cref="ApixoErrorKind.Transport"/>), an answer that cannot be used
/// (<see cref="ApixoErrorKind.UnreadableResponse"/>), a submit whose outcome is unknown
/// (<see cref="ApixoSubmitOutcomeUnknownException"/>) and a failed task (<see cref="TaskFailedException"/>). It
/// carries the operation, the task and its submit time where known, the last state seen, the status, the kind, what
/// the server said, what to do, and whether repeating the call can help.
/// </summary>
/// <remarks>
/// Waiting that passes its deadline or is cancelled is not about the service, and throws
/// <see cref="ApixoDeadlineExceededException"/> (a <see cref="TimeoutException"/>) or
/// <see cref="ApixoWaitCanceledException"/> (an <see cref="OperationCanceledException"/>) instead, so that ordinary
/// timeout and cancellation handlers see them. Both carry the <see cref="GenerationOperation"/> to resume.
/// </remarks>
public class ApixoApiException : Exception
{
    /// <summary>Creates the exception; the advice and retryability are the catalogue's for <paramref name="error"/>.</summary>
    public ApixoApiException(string operation, int status, ApixoHttpErrorInfo error, string? serverMessage, string? detail = null, Exception? innerException = null, string? taskId = null, JsonElement? serverData = null)
        : this(operation, status, error, serverMessage, detail, (error ?? throw new ArgumentNullException(nameof(error))).Advice, error.Retryable, innerException, taskId, serverData)
    {
    }

    /// <summary>Creates the exception with advice and retryability of its own, rather than the catalogue's.</summary>
    protected ApixoApiException(string operation, int status, ApixoHttpErrorInfo error, string? serverMessage, string? detail, string advice, bool retryable, Exception? innerException, string? taskId, JsonElement? serverData = null)
        : this(Describe(operation, status, error, serverMessage, ServerErrorEnvelope.Bounded(serverData, apiKey: null), detail, advice), operation, status, error.Kind, advice, retryable, innerException, taskId)
    {
        ServerMessage = serverMessage;
        ServerData = ServerErrorEnvelope.Bounded(serverData, apiKey: null);
    }

    /// <summary>Creates the exception with a message of its own (a failed task says it in its own words).</summary>
    private protected ApixoApiException(string message, string operation, int status, ApixoErrorKind kind, string advice, bool retryable, Exception? innerException, string? taskId)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(advice);
        Operation = operation;
        Status = status;
        Kind = kind;
        Advice = advice;
        IsRetryable = retryable;
        TaskId = taskId;
    }

    /// <summary>The operation that failed: submit, status, wait or balance.</summary>
    public string Operation { get; }

    /// <summary>The task the call was about, when there was one.</summary>
    public string? TaskId { get; }

    /// <summary>When the task was submitted, when the client knows (a failure while waiting).</summary>
    public DateTimeOffset? SubmittedAt { get; internal set; }

    /// <summary>The last state of the task the client saw before this failure, if any.</summary>
    public TaskState? LastState { get; internal set; }

    /// <summary>The HTTP status of the answer; 0 when no answer came (<see cref="ApixoErrorKind.Transport"/>).</summary>
    public int Status { get; }

    /// <summary>
    /// The kind of error: one of the contract's catalogue (<see cref="ApixoHttpErrors"/>), or the client's own
    /// <see cref="ApixoErrorKind.Transport"/>, <see cref="ApixoErrorKind.UnreadableResponse"/> and <see cref="ApixoErrorKind.TaskFailed"/>.
    /// </summary>
    public ApixoErrorKind Kind { get; }

    /// <summary>The <c>message</c> of the server's error envelope, when it sent a readable one.</summary>
    public string? ServerMessage { get; }

    /// <summary>
    /// The <c>data</c> of the server's error envelope (for a 400, what was wrong and where), as a copy that outlives
    /// the response; null when there was none, or when its JSON is longer than 4 KiB.
    /// </summary>
    public JsonElement? ServerData { get; }

    /// <summary>What to do about it.</summary>
    public string Advice { get; }

    /// <summary>Whether repeating the same call can help.</summary>
    public bool IsRetryable { get; }

    /// <summary>
    /// How long the server asked to wait before the next request (the answer's Retry-After, a 429's or a 503's), at most
    /// <see cref="ApixoClientOptions.MaxRetryDelay"/>; null when it asked for none, or sent a value that is no wait
    /// (unreadable, negative, a date past).
    /// </summary>
    public TimeSpan? RetryAfter { get; internal set; }

    private static string Describe(string operation, int status, ApixoHttpErrorInfo error, string? serverMessage, JsonElement? serverData, string? detail, string advice)
    {
        var answer = status == 0 ? "no response" : $"HTTP {status}";
        var details = ServerErrorEnvelope.Render(serverData);
        var said = (serverMessage, details) switch
        {
            (null, null) => string.Empty,
            (_, null) => $" The server said: {serverMessage}",
            (null, _) => $" The server said: ({details})",
            _ => $" The server said: {serverMessage} ({details})",
        };
        return $"APIXO {operation} failed ({answer}, {error.Kind}): {detail ?? error.Meaning}{said} {advice}";
    }
}
