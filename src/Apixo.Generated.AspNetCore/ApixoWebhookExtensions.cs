using Apixo.Generated;
using Apixo.Generated.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps the APIXO webhook receiver.</summary>
public static class ApixoWebhookExtensions
{
    /// <summary>
    /// Registers the receiver's services. Call <c>AddApixoClient</c> too: callbacks are confirmed with it. With
    /// <see cref="ApixoWebhookOptions.UseDistributedCache"/>, register an <c>IDistributedCache</c> as well.
    /// </summary>
    public static IServiceCollection AddApixoWebhooks(this IServiceCollection services, Action<ApixoWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ApixoWebhookOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApixoWebhookOptions>, ApixoWebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IApixoWebhookDeduplicationStore>(CreateStore);
        services.TryAddSingleton<ApixoWebhookSources>();
        services.TryAddSingleton<ApixoWebhookTokenBindings>();
        services.TryAddSingleton<ApixoWebhookReadyQueue>();
        services.AddHostedService<ApixoWebhookProcessor>();
        return services;
    }

    /// <summary>
    /// Maps a POST endpoint for APIXO callbacks at <paramref name="pattern"/>. It rejects a callback without a
    /// valid signature when a signing key is set (401), a body that is too large (413) or not a status envelope
    /// (400), a source over its share (429), answers 200 at once otherwise, drops a task it has already taken,
    /// and calls <paramref name="handler"/> once per task with the state a status call about that task confirms.
    /// </summary>
    public static IEndpointConventionBuilder MapApixoWebhook(this IEndpointRouteBuilder endpoints, string pattern, Func<GenerationTask, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        // A RequestDelegate, not a lambda to bind: no reflection, so the receiver stays trimming- and AOT-safe.
        return endpoints.MapPost(pattern, new ApixoWebhookEndpoint(handler).HandleAsync);
    }

    private static IApixoWebhookDeduplicationStore CreateStore(IServiceProvider provider)
    {
        var time = provider.GetRequiredService<TimeProvider>();
        if (!provider.GetRequiredService<IOptions<ApixoWebhookOptions>>().Value.UseDistributedCache)
        {
            return new ApixoWebhookMemoryStore(provider.GetRequiredService<IOptions<ApixoWebhookOptions>>(), time);
        }

        var cache = provider.GetService<IDistributedCache>()
            ?? throw new InvalidOperationException("ApixoWebhookOptions.UseDistributedCache is set, but no IDistributedCache is registered (for Redis: AddStackExchangeRedisCache).");
        return new ApixoWebhookDistributedStore(cache, time);
    }
}
