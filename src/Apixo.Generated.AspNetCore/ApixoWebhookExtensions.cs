using Apixo.Generated;
using Apixo.Generated.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps the APIXO webhook receiver.</summary>
public static class ApixoWebhookExtensions
{
    /// <summary>Registers the receiver's services. Call <c>AddApixoClient</c> too: callbacks are confirmed with it.</summary>
    public static IServiceCollection AddApixoWebhooks(this IServiceCollection services, Action<ApixoWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ApixoWebhookOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApixoWebhookDeduplicator>();
        services.TryAddSingleton<ApixoWebhookQueue>();
        services.AddHostedService<ApixoWebhookProcessor>();
        return services;
    }

    /// <summary>
    /// Maps a POST endpoint for APIXO callbacks at <paramref name="pattern"/>. It answers 200 at once, drops a task
    /// it has already taken, rejects a body that is too large (413) or not a status envelope (400), and calls
    /// <paramref name="handler"/> once per task with the state a status call confirms.
    /// </summary>
    public static IEndpointConventionBuilder MapApixoWebhook(this IEndpointRouteBuilder endpoints, string pattern, Func<GenerationTask, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        // A RequestDelegate, not a lambda to bind: no reflection, so the receiver stays trimming- and AOT-safe.
        return endpoints.MapPost(pattern, async context =>
        {
            var services = context.RequestServices;
            var limit = services.GetRequiredService<IOptions<ApixoWebhookOptions>>().Value.MaxBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            var body = await ReadAtMostAsync(context.Request.Body, limit + 1, context.RequestAborted).ConfigureAwait(false);
            if (body.Length > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            if (!ApixoCallback.TryReadTaskId(body, out var taskId) || !IsPlausibleTaskId(taskId))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"error":"The body is not an APIXO status envelope with a data.taskId."}""", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            var deduplicator = services.GetRequiredService<ApixoWebhookDeduplicator>();
            var claim = deduplicator.TryClaim(taskId);
            if (claim == ApixoWebhookDeduplicator.Claim.Full)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (claim == ApixoWebhookDeduplicator.Claim.Taken
                && !services.GetRequiredService<ApixoWebhookQueue>().Channel.Writer.TryWrite(new ApixoWebhookWork(taskId, handler)))
            {
                deduplicator.Release(taskId);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        });
    }

    // Task ids are opaque, but a real one is short printable ASCII: anything else is not worth a status call.
    private static bool IsPlausibleTaskId(string taskId) =>
        taskId.Length <= 128 && taskId.All(c => c is > ' ' and < '\u007f');

    private static async Task<ReadOnlyMemory<byte>> ReadAtMostAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(max, 16 * 1024)];
        using var collected = new MemoryStream();
        int read;
        while (collected.Length < max && (read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, max - collected.Length)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            collected.Write(buffer, 0, read);
        }

        return collected.ToArray();
    }
}
