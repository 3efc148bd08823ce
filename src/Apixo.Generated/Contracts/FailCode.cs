using System.Text.Json;
using System.Text.Json.Serialization;

namespace Apixo.Generated;

/// <summary>
/// A task's failure code, as the server sent it. The set is open: a code this client has never heard of is
/// kept as it is, never a parse error. The known codes, with their meaning, advice and retry class, are
/// generated from the contract's <c>x-apixo-fail-codes</c> into the other half of this type.
/// </summary>
[JsonConverter(typeof(FailCodeJsonConverter))]
public readonly partial struct FailCode : IEquatable<FailCode>
{
    private readonly string? _value;

    /// <summary>Wraps a code exactly as the server wrote it.</summary>
    public FailCode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The code on the wire, e.g. <c>CONTENT_VIOLATION</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <inheritdoc />
    public bool Equals(FailCode other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FailCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The code on the wire.</summary>
    public override string ToString() => Value;

    /// <summary>Compares the wire values, ordinally.</summary>
    public static bool operator ==(FailCode left, FailCode right) => left.Equals(right);

    /// <summary>Compares the wire values, ordinally.</summary>
    public static bool operator !=(FailCode left, FailCode right) => !left.Equals(right);
}

/// <summary>Reads any JSON string as a <see cref="FailCode"/> and writes it back unchanged.</summary>
public sealed class FailCodeJsonConverter : JsonConverter<FailCode>
{
    /// <inheritdoc />
    public override FailCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new FailCode(reader.GetString()!)
            : throw new JsonException($"failCode must be a JSON string, not {reader.TokenType}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FailCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
