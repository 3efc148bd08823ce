using Apixo.Generated.Serialization;
using Refit;

namespace Apixo.Generated.Http;

/// <summary>
/// Creates the Refit implementation of <see cref="IApixoApi"/> that Refit's source generator wrote,
/// with JSON through <see cref="ApixoJsonContext"/> and never through reflection.
/// </summary>
public static class ApixoApiFactory
{
    /// <summary>APIXO's production base address, from the contract's <c>servers</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.apixo.ai/api/v1");

    /// <summary>Creates a client that sends <paramref name="apiKey"/> as its bearer token.</summary>
    /// <param name="httpClient">The client to send with. Its <see cref="HttpClient.BaseAddress"/> must be set.</param>
    /// <param name="apiKey">The APIXO API key. It is only ever written into the Authorization header.</param>
    public static IApixoApi Create(HttpClient httpClient, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("HttpClient.BaseAddress must be set (APIXO's is " + DefaultBaseAddress + ").", nameof(httpClient));
        }

        return RestService.ForGenerated<IApixoApi>(httpClient, ApixoJsonContext.Default, CreateSettings(apiKey));
    }

    /// <summary>Refit settings that fill the contract's bearer header with <paramref name="apiKey"/>.</summary>
    public static RefitSettings CreateSettings(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return new RefitSettings
        {
            ContentSerializer = new SystemTextJsonContentSerializer(ApixoJsonContext.Default.Options),
            AuthorizationHeaderValueGetter = (_, _) => new ValueTask<string>(apiKey),
        };
    }
}
