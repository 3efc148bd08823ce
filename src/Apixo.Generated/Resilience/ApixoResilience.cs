using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Resilience;

/// <summary>How a client made without DI sends: its primary handler and the one call handler (retries that follow <see cref="ApixoRetryPolicy"/>, timeouts, the key, the answer cap), and Retry-After read.</summary>
internal static class ApixoResilience
{
    /// <summary>The handler that sends, for a client made without DI: pooled connections renewed every few minutes, so DNS changes are seen.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    /// <summary>The handler of a client made without DI (retries, timeouts, the key, the answer cap), over <paramref name="inner"/>.</summary>
    public static DelegatingHandler CreateHandler(ApixoClientOptions options, TimeProvider timeProvider, ILogger logger, HttpMessageHandler inner)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        return new Http.ApixoCallHandler(options, timeProvider, logger) { InnerHandler = inner };
    }

    /// <summary>How long a Retry-After header asks to wait, from seconds or a date; null when absent or past.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } when delta > TimeSpan.Zero => delta,
        { Date: { } date } when date > now => date - now,
        _ => null,
    };
}
