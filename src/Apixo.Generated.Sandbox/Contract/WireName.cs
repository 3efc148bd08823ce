using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apixo.Generated.Serialization;

namespace Apixo.Generated.Sandbox.Contract;

/// <summary>The wire names the generated DTOs and enums carry, so the sandbox types no field name or enum value.</summary>
internal static class WireName
{
    /// <summary>The JSON name of <typeparamref name="T"/>'s member <paramref name="member"/> (pass it with nameof).</summary>
    public static string Of<T>(string member)
    {
        var info = ApixoJsonContext.Default.GetTypeInfo(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {nameof(ApixoJsonContext)}.");
        return info.Properties.Single(p => p.AttributeProvider is MemberInfo m && m.Name == member).Name;
    }

    /// <summary>The wire value of a generated enum member, through the generated converter.</summary>
    public static string Of<T>(T value, JsonTypeInfo<T> typeInfo) where T : struct, Enum =>
        JsonSerializer.SerializeToElement(value, typeInfo).GetString()!;

    /// <summary>The generated enum member of a wire value, or null when the generated code does not know it.</summary>
    public static T? Parse<T>(string? wire, JsonTypeInfo<T> typeInfo) where T : struct, Enum
    {
        if (wire is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(JsonSerializer.Serialize(wire, ApixoJsonContext.Default.String), typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
