using System.Net.Http.Headers;

namespace Apixo.Generated.Http;

/// <summary>
/// Puts the API key in the Authorization header for the time of the call only, and takes it out again once
/// the response is in, so that a request message kept by a response or an exception never shows the key.
/// </summary>
public sealed class ApixoAuthorizationHandler : DelegatingHandler
{
    private readonly string _apiKey;

    /// <summary>Creates the handler for <paramref name="apiKey"/>.</summary>
    public ApixoAuthorizationHandler(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        _apiKey = apiKey;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue(GptImage2Service.AuthorizationScheme, _apiKey);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(GptImage2Service.AuthorizationScheme);
        }
    }

    /// <summary>Names the handler without its key.</summary>
    public override string ToString() => nameof(ApixoAuthorizationHandler) + " (key hidden)";
}
