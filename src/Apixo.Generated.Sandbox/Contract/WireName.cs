using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apixo.Generated.Serialization;

namespace Apixo.Generated.Sandbox.Contract;

/// <summary>The wire names the generated DTOs carry, so the sandbox types no field name (enum values come from the generated <c>&lt;Enum&gt;Values</c> tables).</summary>
internal static class WireName
{
    /// <summary>The JSON name of <typeparamref name="T"/>'s member <paramref name="member"/> (pass it with nameof).</summary>
    public static string Of<T>(string member)
    {
        var info = ApixoJsonContext.Default.GetTypeInfo(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {nameof(ApixoJsonContext)}.");
        return info.Properties.Single(p => p.AttributeProvider is MemberInfo m && m.Name == member).Name;
    }
}
