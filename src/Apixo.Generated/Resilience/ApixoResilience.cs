using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Apixo.Generated.Resilience;

/// <summary>The client's resilience pipeline: per-attempt timeout inside retries that follow <see cref="ApixoRetryPolicy"/>.</summary>
internal static class ApixoResilience
{
    /// <summary>The name of the pipeline in the HTTP client's handlers.</summary>
    public const string PipelineName = "apixo";

    /// <summary>Adds the retry and the attempt timeout to <paramref name="builder"/>.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ApixoClientOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);

        var time = builder.TimeProvider ?? TimeProvider.System;

        // Outermost: the whole call, retries and delays included, ends within TotalTimeout.
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddStrategy(_ => new CallStartStamp(time));
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,

                // Polly's own Retry-After support takes the header's value as it is, past MaxDelay: a server
                // could make one call wait for years. The wait is read here instead, and capped.
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfterWait.Of(args.Outcome.Result, time.GetUtcNow(), options.MaxRetryDelay)),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome, options, time, logger)),
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

    private static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, ApixoClientOptions options, TimeProvider time, ILogger logger)
    {
        var request = context.GetRequestMessage();
        if (!ApixoRetryPolicy.ShouldRetry(request?.Method, outcome))
        {
            return false;
        }

        // A wait the total timeout would cut short ends in a timeout, not in the server's answer: the answer is
        // worth more (a refused submit reads as refused, not as "outcome unknown"). Backoff waits are short and
        // left to the timeout.
        var left = options.TotalTimeout - CallStartStamp.Elapsed(context, time);
        if (RetryAfterWait.Of(outcome.Result, time.GetUtcNow(), options.MaxRetryDelay) is { } wait && wait >= left)
        {
            ApixoLog.RetryAfterBeyondBudget(logger, request?.Method.Method ?? "?", request?.RequestUri?.AbsolutePath ?? "?", wait, left);
            return false;
        }

        return true;
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
