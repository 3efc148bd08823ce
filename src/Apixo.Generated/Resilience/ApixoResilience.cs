using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Apixo.Generated.Resilience;

/// <summary>The client's resilience pipeline: per-attempt timeout inside retries that follow <see cref="ApixoRetryPolicy"/>.</summary>
public static class ApixoResilience
{
    /// <summary>The name of the pipeline in the HTTP client's handlers.</summary>
    public const string PipelineName = "apixo";

    /// <summary>Adds the retry and the attempt timeout to <paramref name="builder"/>.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ApixoClientOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);

        // Outermost: the whole call, retries and delays included, ends within TotalTimeout.
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ApixoRetryPolicy.ShouldRetry(args.Context.GetRequestMessage()?.Method, args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    var reason = args.Outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    ApixoLog.Retrying(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath ?? "?", args.AttemptNumber + 1, args.RetryDelay, reason);
                    return default;
                },
            });
        }

        // Innermost: each attempt.
        builder.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>The handler that sends, for a client made without DI: pooled connections renewed every few minutes, so DNS changes are seen.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    /// <summary>The handler chain for a client made without DI: resilience, then <paramref name="inner"/>.</summary>
    public static DelegatingHandler CreateHandler(ApixoClientOptions options, TimeProvider timeProvider, ILogger logger, HttpMessageHandler inner)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        Configure(builder, options, logger);
        return new ResilienceHandler(builder.Build()) { InnerHandler = inner };
    }

    /// <summary>How long a Retry-After header asks to wait, from seconds or a date; null when absent or past.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } when delta > TimeSpan.Zero => delta,
        { Date: { } date } when date > now => date - now,
        _ => null,
    };
}
