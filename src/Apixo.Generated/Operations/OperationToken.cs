using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Apixo.Generated;

/// <summary>
/// The rehydration token of a <see cref="GenerationOperation"/>: <c>apixo-op.1.</c> followed by the base64url of a
/// small JSON object (<c>id</c>, <c>resolution</c> as its wire value, <c>submittedAt</c> in Unix milliseconds, <c>mode</c>).
/// </summary>
/// <remarks>
/// The version is the second part, so a token of another format is recognised as such and named, rather than read as
/// damaged. A token is input from elsewhere (a database, another process): nothing of it is echoed back whole, and
/// every problem is an <see cref="ArgumentException"/> that says what is wrong.
/// </remarks>
internal static class OperationToken
{
    public const string Prefix = "apixo-op";
    public const int Version = 1;

    /// <summary>The longest token read: an id of a few KiB fits, an unbounded string does not.</summary>
    public const int MaxLength = 16 * 1024;

    private const int MaxShown = 32;

    public static bool HasForm(string? text) => text is not null && text.AsSpan().TrimStart().StartsWith(Prefix + ".", StringComparison.Ordinal);

    public static string Write(string id, Resolution resolution, DateTimeOffset? submittedAt, string? mode)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("resolution", ResolutionValues.ToWire(resolution));
            if (submittedAt is { } at)
            {
                writer.WriteNumber("submittedAt", at.ToUnixTimeMilliseconds());
            }

            if (mode is not null)
            {
                writer.WriteString("mode", mode);
            }

            writer.WriteEndObject();
        }

        return $"{Prefix}.{Version.ToString(CultureInfo.InvariantCulture)}.{Base64Url(buffer.WrittenSpan)}";
    }

    public static (string Id, Resolution Resolution, DateTimeOffset? SubmittedAt, string? Mode) Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw Bad("it is empty.");
        }

        if (token.Length > MaxLength)
        {
            throw Bad($"it is {token.Length} characters long, and a token is at most {MaxLength}.");
        }

        var parts = token.Trim().Split('.');
        if (parts.Length != 3 || parts[0] != Prefix)
        {
            throw Bad($"it does not have the form {Prefix}.<version>.<data> (to resume from a task id, use ResumeOperation(taskId, resolution, submittedAt)).");
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || parts[1].Length > 6)
        {
            throw Bad($"its format version '{Shown(parts[1])}' is not a number.");
        }

        if (version != Version)
        {
            throw Bad($"it has format version {version}, and this client reads version {Version}; it was made by {(version > Version ? "a newer" : "an older")} Apixo.Generated. Resume it with that version, or from its task id.");
        }

        var payload = FromBase64Url(parts[2]) ?? throw Bad("its data is not base64url.");
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad("its data is not a JSON object.");
            }

            var id = String(root, "id");
            if (string.IsNullOrWhiteSpace(id))
            {
                throw Bad("it holds no task id.");
            }

            var wire = String(root, "resolution");
            if (!ResolutionValues.TryParse(wire, out var resolution))
            {
                throw Bad($"its resolution '{Shown(wire)}' is not one of {string.Join(", ", ResolutionValues.WireValues)}.");
            }

            DateTimeOffset? submittedAt = null;
            if (root.TryGetProperty("submittedAt", out var at))
            {
                submittedAt = at.ValueKind == JsonValueKind.Number && at.TryGetInt64(out var ms) && ms >= 0 && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                    ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                    : throw Bad("its submit time is not a time.");
            }

            var mode = String(root, "mode");
            if (mode is not null && !GptImage2Modes.All.Any(known => known.Wire == mode))
            {
                throw Bad($"its mode '{Shown(mode)}' is not one of {string.Join(", ", GptImage2Modes.All.Select(known => known.Wire))}.");
            }

            return (id, resolution, submittedAt, mode);
        }
        catch (JsonException)
        {
            throw Bad("its data is not JSON.");
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad($"its {name} is not a string.")
            : null;

    private static ArgumentException Bad(string what) => new($"Not a rehydration token this client can resume: {what}");

    // A bounded, printable excerpt of a value from the token, for the message.
    private static string Shown(string? text)
    {
        if (text is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder();
        foreach (var c in text.Length > MaxShown ? text[..MaxShown] : text)
        {
            builder.Append(char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? '\uFFFD' : c);
        }

        return text.Length > MaxShown ? builder.Append('…').ToString() : builder.ToString();
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return null;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
        var bytes = new byte[padded.Length * 3 / 4];
        return Convert.TryFromBase64String(padded, bytes, out var written) ? bytes[..written] : null;
    }
}
