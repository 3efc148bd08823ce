using Polly;

namespace Apixo.Generated.Resilience;

/// <summary>
/// Which failed attempts are retried. Status and balance (GET) are safe to repeat. A submit (POST) is retried
/// only where the request provably created nothing, since there is no idempotency key and a repeated
/// submit that was accepted creates and bills a second task.
/// </summary>
/// <remarks>
/// Which statuses these are is the contract's error catalogue (<see cref="ApixoHttpErrors"/>), never a list here:
/// <list type="table">
/// <item><term>GET</term><description>every documented error marked <c>retryable</c>; transport errors; attempt timeouts.</description></item>
/// <item><term>POST</term><description>every documented error marked both <c>retryable</c> and <c>nothing-created</c>
/// (answered before the request was accepted), and connection errors (never sent). Nothing else.</description></item>
/// </list>
/// A status the contract does not document is not retried: the exception still says whether a retry may help.
/// </remarks>
internal static class ApixoRetryPolicy
{
    /// <summary>Whether an attempt with this outcome is retried.</summary>
    public static bool ShouldRetry(HttpMethod? method, Outcome<HttpResponseMessage> outcome)
    {
        var safeToRepeat = method == HttpMethod.Get;
        if (outcome.Result is { } response)
        {
            // A 2xx is the call's answer, never an error of the catalogue (and describing it would allocate on every call).
            if (response.IsSuccessStatusCode)
            {
                return false;
            }

            var error = ApixoHttpErrors.Describe((int)response.StatusCode);
            return error.Kind != ApixoErrorKind.Unknown && error.Retryable && (safeToRepeat || error.NothingCreated);
        }

        return outcome.Exception switch
        {
            HttpRequestException request when NeverSent(request) => true,
            HttpRequestException or Polly.Timeout.TimeoutRejectedException => safeToRepeat,
            _ => false,
        };
    }

    /// <summary>
    /// Whether the request failed before any byte of it could reach the server. This is a fact of HTTP, not of the
    /// API: a request that was never sent created nothing, whatever the server would have done with it.
    /// </summary>
    public static bool NeverSent(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
    }
}
