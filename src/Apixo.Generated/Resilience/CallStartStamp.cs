using Polly;

namespace Apixo.Generated.Resilience;

/// <summary>
/// Notes when a call starts, so the retry can tell how much of <see cref="ApixoClientOptions.TotalTimeout"/> is left.
/// </summary>
/// <remarks>
/// A retry whose Retry-After wait outlasts the call's budget would only be cut by the total timeout, and the
/// caller would get a timeout instead of the server's own answer. For a submit that is worse than useless: a
/// timeout reads as "the outcome is unknown", while the 429 said plainly that nothing was created.
/// </remarks>
internal sealed class CallStartStamp(TimeProvider time) : ResilienceStrategy<HttpResponseMessage>
{
    /// <summary>Where the call's start (a <see cref="TimeProvider.GetTimestamp"/> value) is kept in the context.</summary>
    public static readonly ResiliencePropertyKey<long> Key = new("Apixo.CallStarted");

    /// <summary>How long the call of <paramref name="context"/> has run; zero when it was not stamped.</summary>
    public static TimeSpan Elapsed(ResilienceContext context, TimeProvider time) =>
        context.Properties.TryGetValue(Key, out var started) ? time.GetElapsedTime(started) : TimeSpan.Zero;

    /// <inheritdoc />
    protected override ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        context.Properties.Set(Key, time.GetTimestamp());
        return callback(context, state);
    }
}

