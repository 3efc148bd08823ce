using Apixo.Generated.Serialization;
using Refit;

namespace Apixo.Generated.Http;

/// <summary>
/// Creates the Refit implementation of <see cref="IApixoApi"/> that Refit's source generator wrote,
/// with JSON through <see cref="ApixoJsonContext"/> and never through reflection.
/// </summary>
internal static class ApixoApiFactory
{
    /// <summary>APIXO's production base address, from the contract's <c>servers</c>.</summary>
    public static Uri DefaultBaseAddress => GptImage2Service.ServerUrl;

    /// <summary>Creates a client for <paramref name="baseAddress"/> that authenticates with <paramref name="apiKey"/>.</summary>
    /// <param name="baseAddress">The API's base address, e.g. <see cref="DefaultBaseAddress"/>.</param>
    /// <param name="apiKey">The APIXO API key. It is put in the Authorization header for each call only (<see cref="ApixoAuthorizationHandler"/>).</param>
    /// <param name="innerHandler">The handler that sends, when not the default <see cref="SocketsHttpHandler"/>.</param>
    public static IApixoApi Create(Uri baseAddress, string apiKey, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var handler = new ApixoAuthorizationHandler(apiKey) { InnerHandler = innerHandler ?? new SocketsHttpHandler() };
        return Create(new HttpClient(handler) { BaseAddress = baseAddress });
    }

    /// <summary>
    /// Creates a client over <paramref name="httpClient"/>, whose pipeline must already authenticate
    /// (an <see cref="ApixoAuthorizationHandler"/>, as the DI registration adds).
    /// </summary>
    public static IApixoApi Create(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("HttpClient.BaseAddress must be set (APIXO's is " + DefaultBaseAddress + ").", nameof(httpClient));
        }

        return RestService.ForGenerated<IApixoApi>(httpClient, ApixoJsonContext.Default, CreateSettings());
    }

    /// <summary>Refit settings with every body through <see cref="ApixoJsonContext"/>.</summary>
    public static RefitSettings CreateSettings() =>
        new() { ContentSerializer = new SystemTextJsonContentSerializer(ApixoJsonContext.Default.Options) };
}
