using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apixo.Generated.Serialization;

namespace Apixo.Generated;

/// <summary>
/// Reads the body APIXO posts to a <c>callback_url</c>: the same envelope as a status answer. Unsigned, so
/// treat it as a hint and confirm it with a status call before trusting it.
/// </summary>
public static class ApixoCallback
{
    // The envelope's wire names, from the generated DTOs' metadata: the contract names them, not this file.
    private static readonly string DataName = WireName(ApixoJsonContext.Default.TaskStatusResponse, nameof(TaskStatusResponse.Data));
    private static readonly string TaskIdName = WireName(ApixoJsonContext.Default.TaskStatusData, nameof(TaskStatusData.TaskId));

    /// <summary>The callback as a <see cref="GenerationTask"/>. Unknown fields and fail codes are kept, never errors.</summary>
    /// <exception cref="JsonException">The body is not a status envelope.</exception>
    public static GenerationTask Parse(string json, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(json);
        var envelope = JsonSerializer.Deserialize(json, ApixoJsonContext.Default.TaskStatusResponse)
            ?? throw new JsonException("The callback body is the JSON literal null.");
        try
        {
            return GenerationTask.From(envelope.Data ?? throw new JsonException("The callback has no data."), now);
        }
        catch (Exception exception) when (exception is ArgumentException or OverflowException)
        {
            throw new JsonException("The callback's data cannot be read: " + exception.Message, exception);
        }
    }

    /// <summary>
    /// Reads only <c>data.taskId</c> (the contract's names), loosely: enough to confirm the task with a status call even when the rest
    /// of the body (a new state, a new field) is not understood.
    /// </summary>
    public static bool TryReadTaskId(ReadOnlyMemory<byte> utf8Json, out string taskId)
    {
        taskId = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(DataName, out var data)
                && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty(TaskIdName, out var id)
                && id.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(id.GetString()))
            {
                taskId = id.GetString()!;
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the caller answers 400.
        }

        return false;
    }

    private static string WireName(JsonTypeInfo type, string member) =>
        type.Properties.Single(property => property.AttributeProvider is MemberInfo info && info.Name == member).Name;
}
