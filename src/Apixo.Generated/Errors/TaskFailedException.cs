namespace Apixo.Generated;

/// <summary>
/// The task ended without a result (<c>failed</c>, or another terminal state such as a new <c>canceled</c>): its fail
/// code (known or not), the server's message and the code's advice. <see cref="ApixoApiException.Kind"/> is
/// <see cref="ApixoErrorKind.TaskFailed"/> and <see cref="ApixoApiException.Status"/> 200: the service answered, and
/// its answer is the failure. <see cref="ApixoApiException.IsRetryable"/> is false (waiting again sees the same end);
/// whether a new submit can help is <see cref="RetryClass"/>, from the contract.
/// </summary>
public sealed class TaskFailedException : ApixoApiException
{
    /// <summary>Creates the exception from the failed task.</summary>
    public TaskFailedException(GenerationTask task, DateTimeOffset? submittedAt = null)
        : base(Describe(task), "wait", 200, ApixoErrorKind.TaskFailed, CodeOf(task).Advice, retryable: false, null, task.TaskId)
    {
        Task = task;
        LastState = task.State;
        SubmittedAt = submittedAt;
    }

    /// <summary>The failed task.</summary>
    public GenerationTask Task { get; }

    /// <summary>The failure code; an unknown code keeps its raw value.</summary>
    public FailCode FailCode => CodeOf(Task);

    /// <summary>The server's failure message.</summary>
    public string? FailMessage => Task.FailMessage;

    /// <summary>Whether, and after what, the task can be tried again.</summary>
    public FailRetryClass RetryClass => FailCode.RetryClass;

    private static FailCode CodeOf(GenerationTask task) => (task ?? throw new ArgumentNullException(nameof(task))).FailCode ?? new FailCode(string.Empty);

    private static string Describe(GenerationTask task)
    {
        var code = CodeOf(task);
        // A terminal state other than failed (a canceled, say) is named, since it is not a failure code's story.
        var ended = task.State == TaskState.Failed ? "failed" : $"ended in state '{task.State.Value}'";
        return $"Task {task.TaskId} {ended} with {(code.Value.Length == 0 ? "no failure code" : code.Value)}: {task.FailMessage ?? code.Meaning} {code.Advice}";
    }
}
