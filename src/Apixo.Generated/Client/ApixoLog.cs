using Microsoft.Extensions.Logging;

namespace Apixo.Generated;

/// <summary>The client's log events, with stable ids. None of them carries the API key; only one, opt-in, carries the prompt.</summary>
internal static partial class ApixoLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Submitted task {TaskId} ({Mode}, {Resolution}, prompt of {PromptLength} characters)")]
    public static partial void Submitted(ILogger logger, string taskId, string mode, Resolution? resolution, int promptLength);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Submitted task {TaskId} with prompt {Prompt}")]
    public static partial void SubmittedPrompt(ILogger logger, string taskId, string prompt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Submit outcome unknown: {Reason}")]
    public static partial void SubmitOutcomeUnknown(ILogger logger, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Poll {Attempt} of task {TaskId}: {State}")]
    public static partial void Polled(ILogger logger, string taskId, int attempt, TaskState state);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Task {TaskId} is now {State}")]
    public static partial void StateChanged(ILogger logger, string taskId, TaskState state);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Task {TaskId} went back from {Previous} to {State}")]
    public static partial void StateWentBack(ILogger logger, string taskId, TaskState previous, TaskState state);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Poll {Attempt} of task {TaskId} gave an unreadable response ({Problem})")]
    public static partial void UnreadableStatus(ILogger logger, string taskId, int attempt, string problem);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Retrying {Method} {Path} (attempt {Attempt}) after {Delay} because of {Reason}")]
    public static partial void Retrying(ILogger logger, string method, string path, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Not retrying {Method} {Path}: Retry-After asks for {Delay}, beyond what is left of the total timeout ({Left})")]
    public static partial void RetryAfterBeyondBudget(ILogger logger, string method, string path, TimeSpan delay, TimeSpan left);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Task {TaskId} succeeded with {Count} image(s) in {Duration}")]
    public static partial void Completed(ILogger logger, string taskId, int count, TimeSpan? duration);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "Task {TaskId} failed with {FailCode}")]
    public static partial void Failed(ILogger logger, string taskId, string failCode);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Warning, Message = "Task {TaskId} succeeded, but its result URLs expired at {ExpiredAt}")]
    public static partial void Expired(ILogger logger, string taskId, DateTimeOffset? expiredAt);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Warning, Message = "Stopped waiting for task {TaskId}: {Reason}; the task goes on on the server")]
    public static partial void StoppedWaiting(ILogger logger, string taskId, string reason);
}
