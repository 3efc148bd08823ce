namespace Apixo.Generated;

/// <summary>The task ended in <c>failed</c>: its fail code (known or not), the server's message and the code's advice.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception from the failed task.</summary>
    public TaskFailedException(GenerationTask task)
        : base(Describe(task))
    {
        Task = task;
    }

    /// <summary>The failed task.</summary>
    public GenerationTask Task { get; }

    /// <summary>The task id.</summary>
    public string TaskId => Task.TaskId;

    /// <summary>The failure code; an unknown code keeps its raw value.</summary>
    public FailCode FailCode => Task.FailCode ?? new FailCode(string.Empty);

    /// <summary>The server's failure message.</summary>
    public string? FailMessage => Task.FailMessage;

    /// <summary>What to do, from the contract.</summary>
    public string Advice => FailCode.Advice;

    /// <summary>Whether, and after what, the task can be tried again.</summary>
    public FailRetryClass RetryClass => FailCode.RetryClass;

    private static string Describe(GenerationTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var code = task.FailCode ?? new FailCode(string.Empty);
        // A terminal state other than failed (a canceled, say) is named, since it is not a failure code's story.
        var ended = task.State == TaskState.Failed ? "failed" : $"ended in state '{task.State.Value}'";
        return $"Task {task.TaskId} {ended} with {(code.Value.Length == 0 ? "no failure code" : code.Value)}: {task.FailMessage ?? code.Meaning} {code.Advice}";
    }
}
