namespace Apixo.Generated.Http;

/// <summary>
/// Puts the API key in the Authorization header for the time of the call only, and takes it out again once
/// the response is in, so that a request message kept by a response or an exception never shows the key.
/// The client's own handler (<see cref="ApixoCallHandler"/>) does the same for each attempt; this one is for a
/// Refit client made without it.
/// </summary>
public sealed class ApixoAuthorizationHandler : DelegatingHandler
{
    private readonly ApixoAuthorization _authorization;

    /// <summary>Creates the handler for <paramref name="apiKey"/>.</summary>
    public ApixoAuthorizationHandler(string apiKey) => _authorization = new ApixoAuthorization(apiKey);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _authorization.Sign(request);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ApixoAuthorization.Unsign(request);
        }
    }

    /// <summary>Names the handler without its key.</summary>
    public override string ToString() => nameof(ApixoAuthorizationHandler) + " (key hidden)";
}
