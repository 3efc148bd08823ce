namespace Apixo.Generated;

/// <summary>
/// Waiting passed its deadline. The task goes on on the server: resume with
/// <see cref="ApixoClient.WaitForCompletionAsync(string, Resolution, DateTimeOffset?, IProgress{GenerationTask}?, CancellationToken)"/>,
/// passing <see cref="SubmittedAt"/>.
/// </summary>
public sealed class ApixoDeadlineExceededException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ApixoDeadlineExceededException(string taskId, TaskState? lastState, TimeSpan deadline, DateTimeOffset? submittedAt = null)
        : base($"Task {taskId} was not done within {deadline.TotalSeconds:0} s (last state: {(lastState is { Value.Length: > 0 } seen ? seen.Value : "unknown")}). It goes on on the server: wait for it again with its id.")
    {
        TaskId = taskId;
        LastState = lastState;
        SubmittedAt = submittedAt;
    }

    /// <summary>When the task was submitted, if known: pass it when resuming, so that the first poll comes at once.</summary>
    public DateTimeOffset? SubmittedAt { get; }

    /// <summary>The id to resume waiting with.</summary>
    public string TaskId { get; }

    /// <summary>The last state seen.</summary>
    public TaskState? LastState { get; }
}

/// <summary>The caller cancelled the waiting. The task goes on on the server: resume with its id.</summary>
public sealed class ApixoWaitCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public ApixoWaitCanceledException(string taskId, TaskState? lastState, DateTimeOffset? submittedAt, CancellationToken token)
        : base($"Waiting for task {taskId} was cancelled (last state: {(lastState is { Value.Length: > 0 } seen ? seen.Value : "unknown")}). The task goes on on the server: wait for it again with its id.", null, token)
    {
        TaskId = taskId;
        LastState = lastState;
        SubmittedAt = submittedAt;
    }

    /// <summary>When the task was submitted, if known: pass it when resuming, so that the first poll comes at once.</summary>
    public DateTimeOffset? SubmittedAt { get; }

    /// <summary>The id to resume waiting with.</summary>
    public string TaskId { get; }

    /// <summary>The last state seen.</summary>
    public TaskState? LastState { get; }
}
