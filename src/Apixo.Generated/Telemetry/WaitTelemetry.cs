using System.Diagnostics;

namespace Apixo.Generated.Telemetry;

/// <summary>
/// One wait of a <see cref="GenerationOperation"/>: its span (the status spans' parent, passed explicitly since the
/// wait is an async iterator, whose Activity.Current does not outlive a yield), its count of polls, and how it ended.
/// Disposing it ends the span and records <c>apixo.task.polls</c>.
/// </summary>
internal sealed class WaitTelemetry : IDisposable
{
    private readonly ApixoInstrumentation _instrumentation;
    private readonly GenerationOperation _operation;
    private readonly Activity? _activity;
    private int _polls;
    private string? _stoppedBy;

    public WaitTelemetry(ApixoInstrumentation instrumentation, GenerationOperation operation)
    {
        _instrumentation = instrumentation;
        _operation = operation;
        _activity = ApixoActivities.Source.StartActivity(ApixoSemanticNames.WaitSpan, ActivityKind.Internal);
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag(ApixoSemanticNames.TaskId, operation.Id);
            _activity.SetTag(ApixoSemanticNames.Mode, operation.Mode);
            _activity.SetTag(ApixoSemanticNames.Resolution, ApixoActivities.WireOf(operation.Resolution));
        }

        operation.WaitStarted(this);
    }

    /// <summary>The wait span's context: the parent of its status spans.</summary>
    public ActivityContext Context => _activity?.Context ?? default;

    /// <summary>Counts a status call and gives its attempt number (1 for the first poll of this wait).</summary>
    public int NextAttempt() => ++_polls;

    /// <summary>Records why the wait stopped before the task ended, and hands the exception back to be thrown.</summary>
    public TException Stopped<TException>(TException exception)
        where TException : Exception
    {
        _stoppedBy = exception switch
        {
            ApixoDeadlineExceededException => ApixoSemanticNames.OutcomeDeadlineExceeded,
            ApixoWaitCanceledException => ApixoSemanticNames.OutcomeCanceled,
            _ => ApixoSemanticNames.OutcomeError,
        };
        ApixoActivities.Failed(_activity, exception);
        return exception;
    }

    public void Dispose()
    {
        _operation.WaitEnded();
        // A wait that saw the task end takes its terminal state as its outcome; one whose reader stopped reading has none.
        var last = _operation.Latest is { IsTerminal: true } ended ? ended : null;
        var outcome = last?.State.Value ?? _stoppedBy;
        if (_activity is not null)
        {
            _activity.SetTag(ApixoSemanticNames.Attempt, _polls);
            if (last is not null)
            {
                _activity.SetTag(ApixoSemanticNames.TaskState, last.State.Value);
                if (!last.IsSuccess)
                {
                    // A task that ended without a result is a failed wait: WaitForCompletionAsync throws TaskFailedException for it.
                    var type = typeof(TaskFailedException).FullName;
                    _activity.SetStatus(ActivityStatusCode.Error, type);
                    _activity.SetTag(ApixoSemanticNames.ErrorType, type);
                    _activity.SetTag(ApixoSemanticNames.FailCode, last.FailCode?.Value);
                }
            }

            _activity.SetTag(ApixoSemanticNames.Outcome, outcome);
            _activity.Dispose();
        }

        if (_instrumentation.Metrics.TaskPolls.Enabled)
        {
            var tags = ApixoInstrumentation.ModeAndResolution(_operation.Mode, _operation.Resolution);
            if (outcome is not null)
            {
                tags.Add(ApixoSemanticNames.Outcome, outcome);
            }

            _instrumentation.Metrics.TaskPolls.Record(_polls, tags);
        }
    }
}
