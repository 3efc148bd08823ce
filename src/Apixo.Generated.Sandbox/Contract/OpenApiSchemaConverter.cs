using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Sandbox.Contract;

/// <summary>
/// Turns the contract's OpenAPI 3.0.3 schemas into one JSON Schema draft 2020-12 document, so that a real
/// JSON Schema validator checks raw requests against exactly what the contract says.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>$ref: '#/components/schemas/X'</c> becomes <c>#/$defs/X</c>; OpenAPI 3.0 ignores a $ref's siblings, so do we.</item>
/// <item><c>nullable: true</c> adds <c>null</c> to <c>type</c> (and to <c>enum</c>).</item>
/// <item><c>exclusiveMinimum: true</c> beside <c>minimum: m</c> (OpenAPI 3.0's boolean form) becomes <c>exclusiveMinimum: m</c>,
/// and so for the maximum; <c>false</c> is dropped.</item>
/// <item>A schema with a <c>discriminator</c> gets two definitions: <c>X.base</c>, its own fields, which the
/// mapped schemas extend through <c>allOf</c> (OpenAPI's inheritance), and <c>X</c>, the base plus one
/// <c>if</c>/<c>then</c> per mapping value, with the discriminator limited to the mapped values.</item>
/// <item><c>x-apixo-closed</c> becomes <c>unevaluatedProperties: false</c>, which, unlike additionalProperties,
/// sees the fields a shape gets through allOf and the discriminator's branches.</item>
/// <item><c>x-apixo-required-when</c> becomes <c>if</c>/<c>then</c> with <c>required</c>.</item>
/// <item>Other <c>x-</c> extensions and OpenAPI-only keywords are dropped, and so are formats JSON Schema does
/// not define (int32, int64, decimal), which the validator would otherwise ignore or refuse.</item>
/// </list>
/// </remarks>
internal sealed class OpenApiSchemaConverter
{
    public const string ComponentPrefix = "#/components/schemas/";
    private const string DefinitionPrefix = "#/$defs/";
    private const string BaseSuffix = ".base";

    private static readonly HashSet<string> OpenApiOnly = new(StringComparer.Ordinal) { "discriminator", "nullable", "example", "xml", "externalDocs" };

    private readonly YamlMappingNode _schemas;
    private readonly HashSet<string> _discriminated;

    public OpenApiSchemaConverter(YamlMappingNode? schemas)
    {
        _schemas = schemas ?? throw new InvalidOperationException("The contract has no components.schemas.");
        _discriminated = _schemas.Entries().Where(entry => entry.Value.Child("discriminator") is not null).Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A self-contained JSON Schema document for <paramref name="schema"/>, with every component schema in <c>$defs</c>.</summary>
    public JsonObject Document(YamlNode schema)
    {
        var definitions = new JsonObject();
        foreach (var (name, component) in _schemas.Entries())
        {
            if (_discriminated.Contains(name))
            {
                definitions[name + BaseSuffix] = Convert(component, skipDiscriminator: true);
                definitions[name] = Dispatch(name, component);
            }
            else
            {
                definitions[name] = Convert(component);
            }
        }

        var root = Convert(schema);
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = definitions;
        return root;
    }

    private JsonObject Convert(YamlNode node, bool skipDiscriminator = false, bool inAllOf = false)
    {
        if (node is not YamlMappingNode)
        {
            throw new InvalidOperationException($"A schema of the contract is not a mapping (line {node.Start.Line}).");
        }

        if (node.Text("$ref") is { } reference)
        {
            return new JsonObject { ["$ref"] = Reference(reference, inAllOf) };
        }

        var result = new JsonObject();
        var isString = node.Text("type") == "string";
        foreach (var (key, value) in node.Entries())
        {
            if (key.StartsWith("x-", StringComparison.Ordinal) || OpenApiOnly.Contains(key))
            {
                continue;
            }

            switch (key)
            {
                case "properties" or "patternProperties":
                    result[key] = new JsonObject(value.Entries().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Convert(p.Value))));
                    break;
                case "items" or "not" or "additionalProperties" when value is YamlMappingNode:
                    result[key] = Convert(value);
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    result[key] = new JsonArray(value.Items().Select(item => (JsonNode)Convert(item, inAllOf: key == "allOf")).ToArray());
                    break;
                case "enum" or "default":
                    result[key] = YamlTree.ToJson(value, stringsOnly: isString);
                    break;
                case "format" when FormatRegistry.Global.Get(((YamlScalarNode)value).Value ?? string.Empty) is UnknownFormat:
                    break;
                default:
                    result[key] = YamlTree.ToJson(value);
                    break;
            }
        }

        // OpenAPI 3.0 (JSON Schema draft 4) makes a bound strict with a boolean beside it; 2020-12 names the bound itself.
        Exclusive(node, result, "exclusiveMinimum", "minimum");
        Exclusive(node, result, "exclusiveMaximum", "maximum");

        if (node.Text("nullable") == "true")
        {
            if (result["type"] is JsonValue type)
            {
                result["type"] = new JsonArray(type.GetValue<string>(), "null");
            }

            if (result["enum"] is JsonArray values)
            {
                values.Add(null);
            }
        }

        foreach (var rule in node.Child("x-apixo-required-when").Items())
        {
            AllOf(result).Add(RequiredWhen(rule));
        }

        // A discriminated base is closed by its dispatch, or its subtypes' own fields would count as unknown.
        if (node.Text("x-apixo-closed") == "true" && !skipDiscriminator)
        {
            result["unevaluatedProperties"] = false;
        }

        return result;
    }

    private static void Exclusive(YamlNode node, JsonObject result, string key, string bound)
    {
        if (result[key] is not JsonValue flag || !flag.TryGetValue<bool>(out var strict))
        {
            return;
        }

        result.Remove(key);
        if (strict && result[bound] is { } value)
        {
            result.Remove(bound);
            result[key] = value;
        }
        else if (strict)
        {
            throw new InvalidOperationException($"{key} is true but the schema has no {bound} (line {node.Start.Line}).");
        }
    }

    private JsonObject Dispatch(string name, YamlNode component)
    {
        var discriminator = component.Child("discriminator");
        var property = discriminator.Text("propertyName") ?? throw new InvalidOperationException($"The discriminator of {name} has no propertyName.");
        var mapping = discriminator.Entries().Any(e => e.Key == "mapping")
            ? discriminator.Child("mapping").Entries().Select(e => (Value: e.Key, Target: ((YamlScalarNode)e.Value).Value ?? string.Empty)).ToList()
            : _schemas.Entries()
                .Where(e => e.Value.Child("allOf").Items().Any(item => item.Text("$ref") == ComponentPrefix + name))
                .Select(e => (Value: e.Key, Target: ComponentPrefix + e.Key)).ToList();

        var allOf = new JsonArray(new JsonObject { ["$ref"] = DefinitionPrefix + name + BaseSuffix });
        foreach (var (value, target) in mapping)
        {
            allOf.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { [property] = new JsonObject { ["const"] = value } }, ["required"] = new JsonArray(property) },
                ["then"] = new JsonObject { ["$ref"] = Reference(target, inAllOf: false) },
            });
        }

        var dispatch = new JsonObject
        {
            ["required"] = new JsonArray(property),
            ["properties"] = new JsonObject { [property] = new JsonObject { ["enum"] = new JsonArray(mapping.Select(m => (JsonNode?)m.Value).ToArray()) } },
            ["allOf"] = allOf,
        };
        if (component.Text("x-apixo-closed") == "true")
        {
            dispatch["unevaluatedProperties"] = false;
        }

        return dispatch;
    }

    private static JsonObject RequiredWhen(YamlNode rule)
    {
        var field = rule.Text("field") ?? throw new InvalidOperationException($"An x-apixo-required-when entry has no field (line {rule.Start.Line}).");
        var when = rule.Child("when").Entries().ToList();
        return new JsonObject
        {
            ["if"] = new JsonObject
            {
                ["properties"] = new JsonObject(when.Select(w => KeyValuePair.Create(w.Key, (JsonNode?)new JsonObject { ["const"] = YamlTree.ToJson(w.Value) }))),
                ["required"] = new JsonArray(when.Select(w => (JsonNode?)w.Key).ToArray()),
            },
            ["then"] = new JsonObject { ["required"] = new JsonArray(field) },
        };
    }

    private static JsonArray AllOf(JsonObject schema)
    {
        if (schema["allOf"] is not JsonArray allOf)
        {
            schema["allOf"] = allOf = [];
        }

        return allOf;
    }

    // Inside allOf, a discriminated parent is inherited: its fields, not its dispatch (which would recurse).
    private string Reference(string reference, bool inAllOf)
    {
        if (!reference.StartsWith(ComponentPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The sandbox follows only local schema references, not '{reference}'.");
        }

        var name = reference[ComponentPrefix.Length..];
        return DefinitionPrefix + name + (inAllOf && _discriminated.Contains(name) ? BaseSuffix : string.Empty);
    }
}
