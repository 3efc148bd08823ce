using Microsoft.Extensions.Logging;

namespace Apixo.Generated.AspNetCore;

/// <summary>The receiver's log events, with stable ids. None carries a key, a token or a body.</summary>
internal static partial class ApixoWebhookLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Webhook for task {TaskId} confirmed as {State} and handled")]
    public static partial void Handled(ILogger logger, string taskId, TaskState state);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Webhook for task {TaskId} not confirmed after {Attempts} status calls: the server does not show it as done")]
    public static partial void NotConfirmed(ILogger logger, string taskId, int attempts);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Webhook for task {TaskId} could not be confirmed or handled")]
    public static partial void Failed(ILogger logger, Exception exception, string taskId);

    // Debug: a flood of forged callbacks must not become a flood of log lines.
    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Webhook from {Source} refused: signature {Signature}")]
    public static partial void Unsigned(ILogger logger, string source, ApixoCallbackSignatureStatus signature);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Webhook from {Source} refused: its signed URL was already used for another task")]
    public static partial void TokenReused(ILogger logger, string source);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "Webhook from {Source} refused: {Admission}")]
    public static partial void NotAdmitted(ILogger logger, string source, ApixoWebhookAdmission admission);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "Webhook for task {TaskId} not handled here: another claim holds it")]
    public static partial void HeldElsewhere(ILogger logger, string taskId);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Webhook for task {TaskId} refused: the deduplication store failed")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string taskId);
}
