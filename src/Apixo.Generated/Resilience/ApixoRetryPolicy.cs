using System.Net;
using Polly;

namespace Apixo.Generated.Resilience;

/// <summary>
/// Which failed attempts are retried. Status and balance (GET) are safe to repeat. A submit (POST) is retried
/// only where the request provably did not reach the server, since there is no idempotency key and a repeated
/// submit that was accepted creates and bills a second task.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>GET</term><description>429, 500, 502, 503, 504, transport errors, attempt timeouts.</description></item>
/// <item><term>POST</term><description>429 (refused before it was accepted) and connection errors (never sent). Nothing else.</description></item>
/// </list>
/// </remarks>
public static class ApixoRetryPolicy
{
    /// <summary>Whether an attempt with this outcome is retried.</summary>
    public static bool ShouldRetry(HttpMethod? method, Outcome<HttpResponseMessage> outcome)
    {
        var safeToRepeat = method == HttpMethod.Get;
        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            return status == (int)HttpStatusCode.TooManyRequests || (safeToRepeat && status is 500 or 502 or 503 or 504);
        }

        return outcome.Exception switch
        {
            HttpRequestException request when NeverSent(request) => true,
            HttpRequestException or Polly.Timeout.TimeoutRejectedException => safeToRepeat,
            _ => false,
        };
    }

    /// <summary>Whether the request failed before any byte of it could reach the server.</summary>
    public static bool NeverSent(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
    }
}
