using System.Net.Http.Headers;

namespace Apixo.Generated.Http;

/// <summary>
/// The API key in a request's Authorization header for the time of one attempt only: put in before it is sent, taken
/// out once the answer is in, so that a request message kept by a response or an exception never shows the key.
/// </summary>
internal sealed class ApixoAuthorization
{
    // The scheme alone, as the generated interface declares the header: what a request shows once its call is over.
    // Header values are not changed once built, so one instance serves every request.
    private static readonly AuthenticationHeaderValue SchemeOnly = new(GptImage2Service.AuthorizationScheme);

    private readonly string _apiKey;

    // Built at the first call rather than here: a key the header rules refuse (a pasted CR/LF) fails that call as a
    // request error, as it always did, and never the construction of a client.
    private AuthenticationHeaderValue? _withKey;

    public ApixoAuthorization(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        _apiKey = apiKey;
    }

    /// <summary>Puts the key in <paramref name="request"/>'s Authorization header.</summary>
    public void Sign(HttpRequestMessage request) =>
        request.Headers.Authorization = _withKey ??= new AuthenticationHeaderValue(GptImage2Service.AuthorizationScheme, _apiKey);

    /// <summary>Leaves the scheme alone in <paramref name="request"/>'s Authorization header.</summary>
    public static void Unsign(HttpRequestMessage request) => request.Headers.Authorization = SchemeOnly;

    /// <summary>Names the type without its key.</summary>
    public override string ToString() => nameof(ApixoAuthorization) + " (key hidden)";
}
