namespace Apixo.Generated.Resilience;

/// <summary>
/// How long a Retry-After header makes the client wait: what the server asks, never more than the cap.
/// </summary>
/// <remarks>
/// A server, a proxy or an attacker in the middle can send any value: 999999999 seconds, a date in year 9999.
/// Honoured in full, such a value would stall a call for years (past Task.Delay's limit of about 49 days it
/// even throws, so the call ended after one attempt). Capped, it is a long wait that is still followed by the
/// retry. A value the header parser rejects (garbage, a negative number, seconds past Int32) is no hint at all:
/// the normal backoff applies.
/// </remarks>
internal static class RetryAfterWait
{
    /// <summary>The wait <paramref name="response"/>'s Retry-After asks for, at most <paramref name="cap"/>; null when it asks for none.</summary>
    public static TimeSpan? Of(HttpResponseMessage? response, DateTimeOffset now, TimeSpan cap) =>
        Of(response?.Headers, now, cap);

    /// <summary>The wait the Retry-After of <paramref name="headers"/> asks for, at most <paramref name="cap"/>; null when it asks for none.</summary>
    public static TimeSpan? Of(System.Net.Http.Headers.HttpResponseHeaders? headers, DateTimeOffset now, TimeSpan cap) =>
        Capped(ApixoResilience.RetryAfter(headers?.RetryAfter, now), cap);

    /// <summary><paramref name="hint"/>, at most <paramref name="cap"/>.</summary>
    public static TimeSpan? Capped(TimeSpan? hint, TimeSpan cap) => hint is { } wait ? (wait > cap ? cap : wait) : null;
}
