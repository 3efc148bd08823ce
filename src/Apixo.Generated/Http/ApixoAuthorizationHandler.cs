using System.Net.Http.Headers;

namespace Apixo.Generated.Http;

/// <summary>
/// Puts the API key in the Authorization header for the time of the call only, and takes it out again once
/// the response is in, so that a request message kept by a response or an exception never shows the key.
/// </summary>
public sealed class ApixoAuthorizationHandler : DelegatingHandler
{
    // The scheme alone, as the generated interface declares the header: what a request shows once its call is over.
    // Header values are not changed once built, so one instance serves every request.
    private static readonly AuthenticationHeaderValue SchemeOnly = new(GptImage2Service.AuthorizationScheme);

    private readonly string _apiKey;

    // Built at the first call rather than here: a key the header rules refuse (a pasted CR/LF) fails that call as a
    // request error, as it always did, and never the construction of a client.
    private AuthenticationHeaderValue? _withKey;

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
        request.Headers.Authorization = _withKey ??= new AuthenticationHeaderValue(GptImage2Service.AuthorizationScheme, _apiKey);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Headers.Authorization = SchemeOnly;
        }
    }

    /// <summary>Names the handler without its key.</summary>
    public override string ToString() => nameof(ApixoAuthorizationHandler) + " (key hidden)";
}
