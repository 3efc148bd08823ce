using Apixo.Generated;
using Apixo.Generated.Http;
using Apixo.Generated.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ApixoClient"/> with a typed HttpClient from IHttpClientFactory.</summary>
public static class ApixoServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the client uses.</summary>
    public const string HttpClientName = "Apixo";

    /// <summary>
    /// Registers the client, configured by <paramref name="configure"/>. The key falls back to the
    /// <c>APIXO_API_KEY</c> environment variable; the options are validated at start-up.
    /// </summary>
    public static IHttpClientBuilder AddApixoClient(this IServiceCollection services, Action<ApixoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ApixoClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>Registers the client, bound from the configuration section <c>Apixo</c>; the key may also come from <c>APIXO_API_KEY</c>.</summary>
    public static IHttpClientBuilder AddApixoClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApixoClientOptions>()
            .Bind(configuration.GetSection(ApixoClientOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    options.ApiKey = configuration[ApixoClientOptions.ApiKeyEnvironmentVariable];
                }
            });
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        // A second call adds its configuration, not a second set of handlers.
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ApixoClientRegistration)))
        {
            return new RegisteredBuilder(services);
        }

        services.AddSingleton<ApixoClientRegistration>();
        services.AddOptions<ApixoClientOptions>()
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    options.ApiKey = Environment.GetEnvironmentVariable(ApixoClientOptions.ApiKeyEnvironmentVariable);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApixoClientOptions>, ApixoClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<ApixoClient>();

        var builder = services.AddHttpClient(HttpClientName, (provider, client) =>
        {
            client.BaseAddress = provider.GetRequiredService<IOptions<ApixoClientOptions>>().Value.BaseAddress;
            client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline's timeouts rule
        });
        builder.AddHttpMessageHandler(provider => new ApixoCallHandler(
            provider.GetRequiredService<IOptions<ApixoClientOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<ApixoClient>()));

        // IHttpClientFactory's default request logging sits inside our handlers: its structured state carries
        // the raw Authorization header (redaction covers only the message text). The client logs its own events.
        builder.RemoveAllLoggers();
        builder.AddTypedClient<IApixoApi>(ApixoApiFactory.Create);
        return builder;
    }

    /// <summary>Marks that the client's handlers are registered.</summary>
    private sealed class ApixoClientRegistration;

    private sealed class RegisteredBuilder(IServiceCollection services) : IHttpClientBuilder
    {
        public string Name => HttpClientName;

        public IServiceCollection Services { get; } = services;
    }
}
