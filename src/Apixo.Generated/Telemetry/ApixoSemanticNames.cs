namespace Apixo.Generated.Telemetry;

/// <summary>
/// Span, instrument and attribute names, in the OpenTelemetry semantic-convention style: a namespace, dots between
/// levels, snake_case within one. Each is documented in the README's telemetry table.
/// </summary>
internal static class ApixoSemanticNames
{
    public const string SubmitSpan = "apixo.submit";
    public const string StatusSpan = "apixo.status";
    public const string WaitSpan = "apixo.wait";

    public const string TaskId = "apixo.task.id";
    public const string Mode = "apixo.mode";
    public const string Resolution = "apixo.resolution";
    public const string TaskState = "apixo.task.state";
    public const string Attempt = "apixo.attempt";
    public const string Outcome = "apixo.outcome";
    public const string FailCode = "apixo.task.fail_code";
    public const string ErrorKind = "apixo.error.kind";

    /// <summary>OpenTelemetry's own attribute for what went wrong: the exception's full type name.</summary>
    public const string ErrorType = "error.type";

    public const string TasksSubmitted = "apixo.tasks.submitted";
    public const string SubmitsOutcomeUnknown = "apixo.submits.outcome_unknown";
    public const string TaskPolls = "apixo.task.polls";
    public const string TaskDuration = "apixo.task.duration";
    public const string TasksCompleted = "apixo.tasks.completed";
    public const string EstimatedCost = "apixo.tasks.estimated_cost";

    // Outcomes of a wait that ends before the task does; a wait that sees the task end takes its terminal state's
    // wire value (the contract's) as its outcome.
    public const string OutcomeDeadlineExceeded = "deadline_exceeded";
    public const string OutcomeCanceled = "canceled";
    public const string OutcomeError = "error";
}
