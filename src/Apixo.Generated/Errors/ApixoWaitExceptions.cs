namespace Apixo.Generated;

/// <summary>
/// Waiting passed its deadline. The task goes on on the server: resume with <see cref="Operation"/>
/// (<see cref="GenerationOperation.WaitForCompletionAsync(CancellationToken)"/>), or keep its
/// <see cref="GenerationOperation.RehydrationToken"/> for <see cref="ApixoClient.ResumeOperation(string)"/>.
/// </summary>
/// <remarks>
/// A <see cref="TimeoutException"/>, not an <see cref="ApixoApiException"/>: a deadline is the caller's limit, not
/// something the service did, and <c>catch (TimeoutException)</c> is where .NET code handles one. .NET has no multiple
/// inheritance, so the choice is one or the other; what both wait exceptions share is the operation, in one member.
/// </remarks>
public sealed class ApixoDeadlineExceededException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ApixoDeadlineExceededException(GenerationOperation operation, TimeSpan deadline)
        : base(GenerationOperation.DescribeStop(operation, $"Task {operation?.Id} was not done within {deadline.TotalSeconds:0} s"))
    {
        Operation = operation ?? throw new ArgumentNullException(nameof(operation));
        Deadline = deadline;
    }

    /// <summary>The operation, as the wait left it: its id, submit time, last state and rehydration token.</summary>
    public GenerationOperation Operation { get; }

    /// <summary>How long the wait was allowed.</summary>
    public TimeSpan Deadline { get; }
}

/// <summary>
/// The caller cancelled the waiting. The task goes on on the server: resume with <see cref="Operation"/>, or keep its
/// <see cref="GenerationOperation.RehydrationToken"/>.
/// </summary>
/// <remarks>
/// An <see cref="OperationCanceledException"/>, not an <see cref="ApixoApiException"/>, for the reason
/// <see cref="ApixoDeadlineExceededException"/> gives: cancellation is the caller's, and is caught as such.
/// </remarks>
public sealed class ApixoWaitCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public ApixoWaitCanceledException(GenerationOperation operation, CancellationToken token)
        : base(GenerationOperation.DescribeStop(operation, $"Waiting for task {operation?.Id} was cancelled"), null, token)
    {
        Operation = operation ?? throw new ArgumentNullException(nameof(operation));
    }

    /// <summary>The operation, as the wait left it: its id, submit time, last state and rehydration token.</summary>
    public GenerationOperation Operation { get; }
}
