using System.Text.Json;

namespace Apixo.Generated;

/// <summary>
/// An HTTP call to APIXO failed: the status, the error kind from the contract's catalogue, the server's
/// message and details, what to do, and whether repeating the call can help. Also raised when the transport failed or
/// the response could not be read (<see cref="StatusCode"/> is then 0 or 200).
/// </summary>
public class ApixoApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApixoApiException(string operation, int statusCode, ApixoHttpErrorInfo error, string? serverMessage, string? detail = null, Exception? innerException = null, string? taskId = null, JsonElement? serverData = null)
        : this(operation, statusCode, error, serverMessage, detail, (error ?? throw new ArgumentNullException(nameof(error))).Advice, error.Retryable, innerException, taskId, serverData)
    {
    }

    /// <summary>Creates the exception with advice and retryability of its own, rather than the catalogue's.</summary>
    protected ApixoApiException(string operation, int statusCode, ApixoHttpErrorInfo error, string? serverMessage, string? detail, string advice, bool retryable, Exception? innerException, string? taskId, JsonElement? serverData = null)
        : base(Describe(operation, statusCode, error, serverMessage, ServerErrorEnvelope.Bounded(serverData, apiKey: null), detail, advice), innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        Operation = operation;
        StatusCode = statusCode;
        Kind = error.Kind;
        ServerMessage = serverMessage;
        ServerData = ServerErrorEnvelope.Bounded(serverData, apiKey: null);
        Advice = advice;
        IsRetryable = retryable;
        TaskId = taskId;
    }

    /// <summary>The task the call was about, when there was one: resume waiting with it.</summary>
    public string? TaskId { get; }

    /// <summary>The operation that failed: submit, status or balance.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status; 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>The kind of error, from the contract's catalogue.</summary>
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

    private static string Describe(string operation, int statusCode, ApixoHttpErrorInfo error, string? serverMessage, JsonElement? serverData, string? detail, string advice)
    {
        var status = statusCode == 0 ? "no response" : $"HTTP {statusCode}";
        var details = ServerErrorEnvelope.Render(serverData);
        var said = (serverMessage, details) switch
        {
            (null, null) => string.Empty,
            (_, null) => $" The server said: {serverMessage}",
            (null, _) => $" The server said: ({details})",
            _ => $" The server said: {serverMessage} ({details})",
        };
        return $"APIXO {operation} failed ({status}, {error.Kind}): {detail ?? error.Meaning}{said} {advice}";
    }
}
