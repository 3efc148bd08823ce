using Apixo.Generated.Sandbox.Limits;
using Microsoft.AspNetCore.Http;
using static Apixo.Generated.Sandbox.Endpoints.SandboxAnswers;

namespace Apixo.Generated.Sandbox.Endpoints;

/// <summary>Before any operation: a bearer key (the only one accepted, when set), then the plan's rate limit.</summary>
internal sealed class SandboxAccess(string apiPrefix, string? onlyKey, SandboxRateLimit rateLimit)
{
    private const string KeyItem = "apixo-sandbox-key";

    /// <summary>The caller's key, once <see cref="InvokeAsync"/> let the request through.</summary>
    public static string Key(HttpContext context) => (string)context.Items[KeyItem]!;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(apiPrefix, StringComparison.Ordinal))
        {
            var key = BearerKey(context.Request);
            if (key is null || (onlyKey is { } only && key != only))
            {
                await Envelope(context, 401, "Invalid or missing API key").ConfigureAwait(false);
                return;
            }

            if (rateLimit.Take(key) is { } retryAfter)
            {
                RetryAfter(context, retryAfter);
                await Envelope(context, 429, "Rate limit exceeded").ConfigureAwait(false);
                return;
            }

            context.Items[KeyItem] = key;
        }

        await next(context).ConfigureAwait(false);
    }

    private static string? BearerKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && header.Length > 7 && !string.IsNullOrWhiteSpace(header[7..]) ? header[7..].Trim() : null;
    }
}
