using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Apixo.Generated.Serialization;
using Refit;

namespace Apixo.Generated;

/// <summary>
/// Reads what the server said in an error envelope (<see cref="ErrorResponse"/>): its message and its <c>data</c>,
/// bounded, with the caller's API key taken out (a relay or a buggy server may echo it), and renders the data
/// short enough for an exception message.
/// </summary>
internal static class ServerErrorEnvelope
{
    /// <summary>Data whose JSON is longer is not kept: an error detail of that size is no detail.</summary>
    public const int MaxDataLength = 4096;

    private const int MaxMessageLength = 500;
    private const int MaxRenderedMembers = 4;
    private const int MaxRenderedValueLength = 200;
    // The mask the CLI uses too, so an echoed key reads the same whichever layer took it out.
    private const string Redacted = "***";

    // As in the CLI: a shorter "key" would mask ordinary letters of every message.
    private const int MinSecretLength = 4;

    /// <summary>The envelope's message and data, when the body is one; an HTML page or garbage gives nulls.</summary>
    public static (string? Message, JsonElement? Data) Read(IApiResponse response, string? apiKey)
    {
        if (response.Error is not ApiException { HasContent: true, Content: { } content })
        {
            return (null, null);
        }

        apiKey = Secret(apiKey);
        ErrorResponse? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(content, ApixoJsonContext.Default.ErrorResponse);
        }
        catch (JsonException)
        {
            return (null, null);
        }

        var message = envelope?.Message is { } said ? Redact(said, apiKey) : null;
        if (message is { Length: > MaxMessageLength })
        {
            message = message[..MaxMessageLength] + "…";
        }

        return (message, Bounded(envelope?.Data, apiKey));
    }

    /// <summary>A copy of the data that outlives the response, without the key; null when absent or too large.</summary>
    public static JsonElement? Bounded(JsonElement? data, string? apiKey)
    {
        if (data is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } value)
        {
            return null;
        }

        apiKey = Secret(apiKey);
        var raw = value.GetRawText();
        if (raw.Length > MaxDataLength)
        {
            return null;
        }

        if (string.IsNullOrEmpty(apiKey) || !Mentions(value, apiKey))
        {
            return value.Clone();
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteRedacted(writer, value, apiKey);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// The data's scalar members as "name: value; …" (a string data as itself), with control and format characters
    /// replaced; null when there is nothing short to say, such as an array or only nested objects.
    /// </summary>
    public static string? Render(JsonElement? data)
    {
        if (data is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return Printable(value.GetString()!);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = value.EnumerateObject()
            .Where(member => member.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .Take(MaxRenderedMembers)
            .Select(member => Printable(member.Name) + ": " + Printable(member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : member.Value.GetRawText()))
            .ToList();
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static string Printable(string text)
    {
        var cut = text.Length > MaxRenderedValueLength ? text[..MaxRenderedValueLength] + "…" : text;
        var builder = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            builder.Append(category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ? '\uFFFD' : c);
        }

        return builder.ToString();
    }

    private static string? Secret(string? apiKey) => apiKey is { Length: >= MinSecretLength } ? apiKey : null;

    // As sent, and URL-encoded (a server that echoes the key in a link), in either case of hex.
    private static string[] FormsOf(string apiKey)
    {
        var escaped = Uri.EscapeDataString(apiKey);
        return [apiKey, escaped, System.Text.RegularExpressions.Regex.Replace(escaped, "%[0-9A-F]{2}", match => match.Value.ToLowerInvariant())];
    }

    private static string Redact(string text, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return text;
        }

        foreach (var form in FormsOf(apiKey))
        {
            text = text.Replace(form, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    private static bool Contains(string text, string apiKey) => FormsOf(apiKey).Any(form => text.Contains(form, StringComparison.Ordinal));

    // The decoded strings, not the raw text, which may spell the key with JSON escapes (\u0073k-…).
    private static bool Mentions(JsonElement value, string apiKey) => value.ValueKind switch
    {
        JsonValueKind.String => Contains(value.GetString()!, apiKey),
        JsonValueKind.Array => value.EnumerateArray().Any(item => Mentions(item, apiKey)),
        JsonValueKind.Object => value.EnumerateObject().Any(member => Contains(member.Name, apiKey) || Mentions(member.Value, apiKey)),
        _ => false,
    };

    private static void WriteRedacted(Utf8JsonWriter writer, JsonElement value, string apiKey)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(Redact(value.GetString()!, apiKey));
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteRedacted(writer, item, apiKey);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in value.EnumerateObject())
                {
                    writer.WritePropertyName(Redact(member.Name, apiKey));
                    WriteRedacted(writer, member.Value, apiKey);
                }

                writer.WriteEndObject();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
