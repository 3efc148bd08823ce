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
                await Envelope(context, ApixoErrorKind.Unauthorized, "Invalid or missing API key").ConfigureAwait(false);
                return;
            }

            if (rateLimit.Take(key) is { } retryAfter)
            {
                RetryAfter(context, retryAfter);
                await Envelope(context, ApixoErrorKind.RateLimited, "Rate limit exceeded").ConfigureAwait(false);
                return;
            }

            context.Items[KeyItem] = key;
        }

        await next(context).ConfigureAwait(false);
    }

    // The contract's http security scheme (Bearer), as the client sends it.
    private static string? BearerKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var prefix = GptImage2Service.AuthorizationScheme + " ";
        return header.StartsWith(prefix, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(header[prefix.Length..]) ? header[prefix.Length..].Trim() : null;
    }
}
