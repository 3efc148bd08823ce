using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>
/// The callback endpoint. Each check is cheaper than the next and comes before it: the signature (no body
/// read), the size, the body, the source's share, the deduplication claim. Only then is a status call queued,
/// so that whatever is refused costs no API call.
/// </summary>
internal sealed class ApixoWebhookEndpoint(Func<GenerationTask, CancellationToken, Task> handler)
{
    public async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ApixoWebhookOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<ApixoWebhookEndpoint>>();
        var source = ApixoWebhookSources.KeyOf(context);

        if (options.SigningKey is { Length: > 0 } key)
        {
            var signature = ApixoCallbackSignature.Verify(
                (context.Request.PathBase + context.Request.Path).Value ?? "/",
                context.Request.QueryString.Value,
                key,
                options.PreviousSigningKey is { Length: > 0 } previous ? previous : null,
                options.SignatureMaxAge,
                time.GetUtcNow());
            if (signature != ApixoCallbackSignatureStatus.Valid)
            {
                ApixoWebhookLog.Unsigned(logger, source, signature);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
        }

        var limit = options.MaxBodyBytes;
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

        // A signed URL belongs to one submit: its token may carry that task's callbacks and no other's.
        if (options.SigningKey is { Length: > 0 }
            && !services.GetRequiredService<ApixoWebhookTokenBindings>().TryBind(context.Request.Query[ApixoCallbackSignature.QueryParameter].ToString(), taskId))
        {
            ApixoWebhookLog.TokenReused(logger, source);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var sources = services.GetRequiredService<ApixoWebhookSources>();
        var admission = sources.TryAdmit(source);
        if (admission != ApixoWebhookAdmission.Admitted)
        {
            ApixoWebhookLog.NotAdmitted(logger, source, admission);
            if (admission == ApixoWebhookAdmission.SourceFull)
            {
                // A slot frees when one of this source's callbacks is confirmed or given up.
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(options.ConfirmationInterval.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }

            return;
        }

        var queued = false;
        try
        {
            var owner = Guid.NewGuid().ToString("N");
            ApixoWebhookClaimResult claim;
            try
            {
                claim = await services.GetRequiredService<IApixoWebhookDeduplicationStore>()
                    .TryClaimAsync(taskId, owner, ApixoWebhookProcessor.LeaseFor(options), context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Unsure whether another instance has it: refuse, and APIXO's retry tries again.
                ApixoWebhookLog.StoreFailed(logger, exception, taskId);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (claim == ApixoWebhookClaimResult.Full)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            if (claim == ApixoWebhookClaimResult.Taken)
            {
                services.GetRequiredService<ApixoWebhookReadyQueue>().Enqueue(new ApixoWebhookWork(taskId, source, owner, handler));
                queued = true;
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        finally
        {
            if (!queued)
            {
                sources.Leave(source);
            }
        }
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
