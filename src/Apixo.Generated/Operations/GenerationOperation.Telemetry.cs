using Apixo.Generated.Telemetry;

namespace Apixo.Generated;

// The operation's telemetry: a span per status call (under the wait's span while a wait runs), the outcome counted
// once when an answer first shows the task ended, and the wait's own span and poll count (WaitTelemetry).
public sealed partial class GenerationOperation
{
    private WaitTelemetry? _wait;

    /// <summary>The last status answer; null before any.</summary>
    internal GenerationTask? Latest => Volatile.Read(ref _latest);

    // Every status call of the operation comes through here.
    private async Task<(GenerationTask Task, TimeSpan? RetryAfter)> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var wait = _wait;
        using var activity = ApixoInstrumentation.StartStatus(Id, Mode, Resolution, wait?.NextAttempt(), wait?.Context ?? default);
        try
        {
            var answer = await _client.ReadStatusAsync(Id, cancellationToken).ConfigureAwait(false);
            ApixoInstrumentation.StatusRead(activity, answer.Task);
            if (answer.Task.IsTerminal && !HasCompleted)
            {
                _client.Instrumentation.TaskEnded(this, answer.Task);
            }

            return answer;
        }
        catch (Exception exception)
        {
            ApixoActivities.Failed(activity, exception);
            throw;
        }
    }

    // The span of one wait, ended (and its polls recorded) when the wait's loop is disposed.
    // The wait registers itself (WaitStarted) and leaves (WaitEnded): its loop owns it, not the operation.
    private WaitTelemetry StartWait() => new(_client.Instrumentation, this);

    internal void WaitStarted(WaitTelemetry wait) => _wait = wait;

    internal void WaitEnded() => _wait = null;

    // Why a wait stopped before the task ended: recorded on the wait's span, and handed back to be thrown.
    private TException Stopped<TException>(TException exception)
        where TException : Exception => _wait is { } wait ? wait.Stopped(exception) : exception;
}
