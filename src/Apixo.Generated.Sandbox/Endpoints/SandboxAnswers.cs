using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Sandbox.Faults;
using Apixo.Generated.Serialization;
using Microsoft.AspNetCore.Http;

namespace Apixo.Generated.Sandbox.Endpoints;

/// <summary>The answers every endpoint writes: the contract's error envelope and JSON bodies.</summary>
internal static class SandboxAnswers
{
    public static Task Envelope(HttpContext context, int status, string message, string? error = null, IReadOnlyList<SchemaViolation>? violations = null)
    {
        var body = new ErrorResponse
        {
            Code = status,
            Message = message,
            Data = error is null ? null : ErrorData(error, violations),
        };
        return WriteJson(context, status, JsonSerializer.Serialize(body, ApixoJsonContext.Default.ErrorResponse));
    }

    /// <summary>The contract's error of kind <paramref name="kind"/>: its status comes from the catalogue, as the client reads it.</summary>
    public static Task Envelope(HttpContext context, ApixoErrorKind kind, string message, string? error = null, IReadOnlyList<SchemaViolation>? violations = null) =>
        Envelope(context, ApixoHttpErrors.Of(kind).Status, message, error, violations);

    /// <summary>A status the prompt asked for with a marker, with the contract's meaning of it.</summary>
    public static Task Forced(HttpContext context, int status, SandboxFaults faults)
    {
        RetryAfter(context, faults.RetryAfterSeconds);
        var meaning = ApixoHttpErrors.Describe(status).Meaning;
        return Envelope(context, status, "Sandbox: forced " + meaning.TrimEnd('.').ToLowerInvariant());
    }

    public static void RetryAfter(HttpContext context, int? seconds)
    {
        if (seconds is { } value)
        {
            context.Response.Headers.RetryAfter = value.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static Task WriteJson(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public static Task Slow(SandboxFaults faults, CancellationToken cancellationToken) =>
        faults.SlowMilliseconds > 0 ? Task.Delay(faults.SlowMilliseconds, cancellationToken) : Task.CompletedTask;

    // {"error": "...", "errors": [{"field": "/input/prompt", "rule": "maxLength", "message": "..."}]}:
    // APIXO's 400 data, plus each broken rule for a program to read.
    private static JsonElement ErrorData(string error, IReadOnlyList<SchemaViolation>? violations)
    {
        var data = new JsonObject { ["error"] = error };
        if (violations is { Count: > 0 })
        {
            data["errors"] = new JsonArray(violations.Select(v => (JsonNode)new JsonObject { ["field"] = v.Pointer, ["rule"] = v.Rule, ["message"] = v.ToString() }).ToArray());
        }

        using var document = JsonDocument.Parse(data.ToJsonString());
        return document.RootElement.Clone();
    }
}
