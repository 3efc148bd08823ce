using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Writers;

namespace Apixo.Generated.Tests.TestSupport;

/// <summary>The OpenAPI contract, parsed once with Microsoft.OpenApi (a reader independent of NSwag).</summary>
internal static class ContractDocument
{
    private static readonly Lazy<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> Parsed = new(() =>
    {
        var document = new OpenApiStringReader().Read(Text, out var diagnostic);
        return (document, diagnostic);
    });

    public static string Text { get; } = EmbeddedFiles.Read("contract/gpt-image-2.yaml");

    public static OpenApiDocument Document => Parsed.Value.Document;

    public static OpenApiDiagnostic Diagnostic => Parsed.Value.Diagnostic;

    public static OpenApiSchema Schema(string name) =>
        Document.Components.Schemas.TryGetValue(name, out var schema)
            ? schema
            : throw new KeyNotFoundException($"The contract has no schema '{name}'.");

    /// <summary>An OpenAPI "any" value (an example or an extension) as JSON text.</summary>
    public static string ToJson(IOpenApiAny value)
    {
        using var writer = new StringWriter();
        value.Write(new OpenApiJsonWriter(writer), Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0);
        return writer.ToString();
    }

    /// <summary>The string values of a string-array extension such as <c>x-enumNames</c>.</summary>
    public static IReadOnlyList<string> StringArrayExtension(OpenApiSchema schema, string name) =>
        schema.Extensions.TryGetValue(name, out var value) && value is OpenApiArray array
            ? array.Cast<OpenApiString>().Select(item => item.Value).ToList()
            : throw new KeyNotFoundException($"The schema has no string-array extension '{name}'.");

    /// <summary>The enum values of a string enum schema, in order.</summary>
    public static IReadOnlyList<string> EnumValues(OpenApiSchema schema) =>
        schema.Enum.Cast<OpenApiString>().Select(item => item.Value).ToList();
}
