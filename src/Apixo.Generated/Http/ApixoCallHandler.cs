using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

using Apixo.Generated.Resilience;

namespace Apixo.Generated.Http;

/// <summary>
/// The client's handler: a call is one or more attempts. Each attempt carries the API key only while it runs
/// (<see cref="ApixoAuthorization"/>), ends within <see cref="ApixoClientOptions.AttemptTimeout"/>, its answer's body
/// included, and its answer is read into memory no further than <see cref="ApixoClientOptions.MaxResponseBytes"/>
/// (<see cref="ApixoResponseLimit"/>). Failed attempts
/// are retried as <see cref="ApixoRetryPolicy"/> says (exponential backoff with jitter, or the server's Retry-After up to
/// <see cref="ApixoClientOptions.MaxRetryDelay"/>), and the whole call, waits included, ends within
/// <see cref="ApixoClientOptions.TotalTimeout"/>. A timeout is a <see cref="TimeoutRejectedException"/>, as from Polly.
/// </summary>
/// <remarks>
/// This was four handlers: Microsoft.Extensions.Http.Resilience's <c>ResilienceHandler</c> running a Polly pipeline
/// (total timeout, retry, attempt timeout), then one handler for the key and one for the cap. A call that succeeded at
/// once paid about 2.4 KB for the pipeline and an async frame for each handler, more than Refit and the client
/// together (the benchmark section of the README has the figures). Here a call that succeeds costs one async frame (its
/// timed token source is reused from the call before); the rarer retry path allocates what it needs when it happens. The rules are the
/// same ones, read from the same places.
/// </remarks>
internal sealed class ApixoCallHandler(ApixoClientOptions options, TimeProvider time, ILogger logger) : DelegatingHandler
{
    private readonly ApixoAuthorization _authorization = new(options.ApiKey!);

    // One attempt's token source kept for the next attempt, with its timer: a source and a timer per attempt were about
    // a third of what the handler allocated. Calls at the same time each make their own.
    private CancellationTokenSource? _spareAttemptSource;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Timeouts run on real time, as they did in Polly's pipeline (its timeout ignored a custom TimeProvider): an HTTP
        // round trip is no faster under a test or sandbox clock. Waits between attempts and the Retry-After budget
        // follow the clock.
        var startedReal = Stopwatch.GetTimestamp();
        var started = time.GetTimestamp();
        var backoff = new Backoff(options.RetryBaseDelay, options.MaxRetryDelay);
        for (var attempt = 0; ; attempt++)
        {
            var left = options.TotalTimeout - Stopwatch.GetElapsedTime(startedReal);
            if (left <= TimeSpan.Zero)
            {
                throw CallTimedOut(options.TotalTimeout);
            }

            Outcome<HttpResponseMessage> outcome;
            HttpResponseMessage? answer = null;
            var attemptTime = options.AttemptTimeout < left ? options.AttemptTimeout : left;
            var timeout = RentAttemptSource();
            var attemptStarted = Stopwatch.GetTimestamp();
            timeout.CancelAfter(attemptTime);
            var caller = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
            try
            {
                _authorization.Sign(request);
                answer = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
                await ApixoResponseLimit.BufferAsync(answer, options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
                outcome = Outcome.FromResult(answer);
            }
            catch (OperationCanceledException canceled) when (answer is { IsSuccessStatusCode: false } && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // An error answer whose body did not come in time: its status is the answer (a 429 created nothing).
                ApixoResponseLimit.MakeUnreadable(answer, canceled, options.MaxResponseBytes);
                outcome = Outcome.FromResult(answer);
            }
            catch (OperationCanceledException canceled) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The attempt's time ran out, before the answer or while a 2xx body came (a status read is asked again,
                // a submit is an unknown outcome).
                answer?.Dispose();
                if (Stopwatch.GetElapsedTime(startedReal) >= options.TotalTimeout)
                {
                    throw CallTimedOut(options.TotalTimeout, canceled);
                }

                outcome = Outcome.FromException<HttpResponseMessage>(AttemptTimedOut(options.AttemptTimeout, canceled));
            }
            catch (Exception exception) when (answer is not null)
            {
                // The answer came but its body is over the cap, broke off, or the caller cancelled while it came: its
                // status stands (an accepted submit is reported even then), its body fails to read.
                ApixoResponseLimit.MakeUnreadable(answer, exception, options.MaxResponseBytes);
                outcome = Outcome.FromResult(answer);
            }
            catch (Exception exception)
            {
                answer?.Dispose();
                outcome = Outcome.FromException<HttpResponseMessage>(exception);
            }
            finally
            {
                ApixoAuthorization.Unsign(request);
                caller.Dispose();
                ReturnAttemptSource(timeout, attemptTime - Stopwatch.GetElapsedTime(attemptStarted));
            }

            if (!ShouldRetry(request, outcome, started) || attempt >= options.MaxRetries)
            {
                if (outcome.Exception is { } failure)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                return outcome.Result!;
            }

            var delay = RetryAfterWait.Of(outcome.Result, time.GetUtcNow(), options.MaxRetryDelay) ?? backoff.Next(attempt);
            var reason = outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : outcome.Exception!.GetType().Name;
            ApixoLog.Retrying(logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "?", attempt + 1, delay, reason);
            outcome.Result?.Dispose();
            if (delay > TimeSpan.Zero)
            {
                await WaitAsync(delay, startedReal, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private CancellationTokenSource RentAttemptSource() =>
        Interlocked.Exchange(ref _spareAttemptSource, null) ?? new CancellationTokenSource();

    // Kept only when its timer was still far from firing: TryReset stops the timer, and a timer already firing could
    // otherwise cancel the next attempt that takes the source. A source the caller or the timer cancelled is not reset.
    private void ReturnAttemptSource(CancellationTokenSource source, TimeSpan timeLeft)
    {
        if (timeLeft < SpareMargin || !source.TryReset() || Interlocked.CompareExchange(ref _spareAttemptSource, source, null) is not null)
        {
            source.Dispose();
        }
    }

    private static readonly TimeSpan SpareMargin = TimeSpan.FromSeconds(1);

    // The wait before a retry, cut by the total timeout (real time, as above) like the attempts.
    private async Task WaitAsync(TimeSpan delay, long startedReal, CancellationToken cancellationToken)
    {
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = options.TotalTimeout - Stopwatch.GetElapsedTime(startedReal);
        total.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            await Task.Delay(delay, time, total.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException canceled) when (!cancellationToken.IsCancellationRequested)
        {
            throw CallTimedOut(options.TotalTimeout, canceled);
        }
    }

    private bool ShouldRetry(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, long started)
    {
        if (options.MaxRetries <= 0 || !ApixoRetryPolicy.ShouldRetry(request.Method, outcome))
        {
            return false;
        }

        // A wait the total timeout would cut short ends in a timeout, not in the server's answer: the answer is
        // worth more (a refused submit reads as refused, not as "outcome unknown"). Backoff waits are short and
        // left to the timeout.
        var left = options.TotalTimeout - time.GetElapsedTime(started);
        if (RetryAfterWait.Of(outcome.Result, time.GetUtcNow(), options.MaxRetryDelay) is { } wait && wait >= left)
        {
            ApixoLog.RetryAfterBeyondBudget(logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "?", wait, left);
            return false;
        }

        return true;
    }

    private static TimeoutRejectedException CallTimedOut(TimeSpan timeout, Exception? inner = null)
    {
        var message = $"The call didn't complete within the allowed total timeout of '{timeout}'.";
        return inner is null ? new(message, timeout) : new(message, timeout, inner);
    }

    private static TimeoutRejectedException AttemptTimedOut(TimeSpan timeout, Exception inner) =>
        new($"The attempt didn't complete within the allowed timeout of '{timeout}'.", timeout, inner);

    /// <summary>
    /// Exponential backoff with decorrelated jitter (the "V2" formula Polly uses for exponential backoff with jitter):
    /// waits grow about twofold per retry from <c>baseDelay</c>, spread so that clients do not retry in step, never over <c>max</c>.
    /// </summary>
    private struct Backoff(TimeSpan baseDelay, TimeSpan max)
    {
        private const double PFactor = 4.0;
        private const double RpScalingFactor = 1 / 1.4d;
        private double _previous;

        public TimeSpan Next(int attempt)
        {
            var t = attempt + Random.Shared.NextDouble();
            var next = Math.Pow(2, t) * Math.Tanh(Math.Sqrt(PFactor * t));
            var ticks = (next - _previous) * RpScalingFactor * baseDelay.Ticks;
            _previous = next;
            return TimeSpan.FromTicks((long)Math.Min(ticks, max.Ticks));
        }
    }
}
