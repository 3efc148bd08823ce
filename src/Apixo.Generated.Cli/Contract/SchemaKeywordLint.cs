using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Cli.Contract;

/// <summary>
/// LINT004: a schema keyword that means nothing where it stands, which every tool then reads its own way (a
/// validator fails, a generator drops it, a reader trusts it). Every schema of the document is checked: the
/// components, parameters, headers, bodies, callbacks, and what they nest (properties, items, allOf, …).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>nullable</c> without a <c>type</c> in the same schema (OpenAPI 3.0.x; 3.0.3 gives it meaning only there).</item>
/// <item>A keyword of one kind of value on a schema whose <c>type</c> is another: <c>minimum</c> on a string,
/// <c>maxLength</c> on an integer, <c>items</c> on an object, <c>required: true</c> on a string.</item>
/// <item>A string, number or array keyword with no <c>type</c> and nothing to take one from (no <c>$ref</c>,
/// <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c> or <c>not</c>): <c>items</c> without <c>type: array</c>. Object keywords
/// are left alone there: an <c>allOf</c> part that adds <c>required</c> or <c>properties</c> needs no type.</item>
/// <item>OpenAPI 3.0's boolean <c>exclusiveMinimum</c> / <c>exclusiveMaximum</c> without the bound they make exclusive.</item>
/// </list>
/// </remarks>
internal static class SchemaKeywordLint
{
    public const string Id = "LINT004";

    private static readonly Family[] Families =
    [
        new(["minLength", "maxLength", "pattern"], ["string"], "string", CheckedWithoutType: true),
        new(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"], ["integer", "number"], "integer or number", CheckedWithoutType: true),
        new(["items", "minItems", "maxItems", "uniqueItems"], ["array"], "array", CheckedWithoutType: true),
        new(["properties", "additionalProperties", "required", "minProperties", "maxProperties"], ["object"], "object", CheckedWithoutType: false),
        new(["format"], ["string", "integer", "number"], "string, integer or number", CheckedWithoutType: false),
    ];

    private static readonly string[] Composition = ["$ref", "allOf", "anyOf", "oneOf", "not"];

    public static IEnumerable<LintFinding> Find(YamlNode root)
    {
        var openApi30 = (Child(root, "openapi") as YamlScalarNode)?.Value?.StartsWith("3.0", StringComparison.Ordinal) ?? false;
        var findings = new List<LintFinding>();
        WalkDocument(root, "#", openApi30, findings);
        return findings;
    }

    // Everything but schemas: find where schemas start. Examples and x- extensions hold data, not schemas.
    private static void WalkDocument(YamlNode node, string path, bool openApi30, List<LintFinding> findings)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if ((key as YamlScalarNode)?.Value is not { } name || name.StartsWith("x-", StringComparison.Ordinal) || name is "example" or "examples")
                    {
                        continue;
                    }

                    var here = Step(path, name);
                    if (name == "schema")
                    {
                        WalkSchema(value, here, openApi30, findings);
                    }
                    else if (name == "schemas" && path == "#/components")
                    {
                        foreach (var (schemaName, schema) in Pairs(value))
                        {
                            WalkSchema(schema, Step(here, (schemaName as YamlScalarNode)?.Value ?? string.Empty), openApi30, findings);
                        }
                    }
                    else
                    {
                        WalkDocument(value, here, openApi30, findings);
                    }
                }

                break;
            case YamlSequenceNode sequence:
                for (var index = 0; index < sequence.Children.Count; index++)
                {
                    WalkDocument(sequence.Children[index], Step(path, index.ToString(System.Globalization.CultureInfo.InvariantCulture)), openApi30, findings);
                }

                break;
        }
    }

    private static void WalkSchema(YamlNode node, string path, bool openApi30, List<LintFinding> findings)
    {
        if (node is not YamlMappingNode schema)
        {
            return;
        }

        Check(schema, path, openApi30, findings);
        foreach (var (property, value) in Pairs(Child(schema, "properties")))
        {
            WalkSchema(value, Step(Step(path, "properties"), (property as YamlScalarNode)?.Value ?? string.Empty), openApi30, findings);
        }

        foreach (var key in new[] { "items", "additionalProperties", "not" })
        {
            if (Child(schema, key) is { } child)
            {
                WalkSchema(child, Step(path, key), openApi30, findings);
            }
        }

        foreach (var key in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (Child(schema, key) is YamlSequenceNode parts)
            {
                for (var index = 0; index < parts.Children.Count; index++)
                {
                    WalkSchema(parts.Children[index], Step(Step(path, key), index.ToString(System.Globalization.CultureInfo.InvariantCulture)), openApi30, findings);
                }
            }
        }
    }

    private static void Check(YamlMappingNode schema, string path, bool openApi30, List<LintFinding> findings)
    {
        var types = Child(schema, "type") switch
        {
            YamlScalarNode { Value: { } one } => [one],
            YamlSequenceNode many => many.Children.OfType<YamlScalarNode>().Select(type => type.Value ?? string.Empty).ToArray(),
            _ => Array.Empty<string>(),
        };
        var typeText = string.Join(", ", types);

        var reported = new HashSet<string>(StringComparer.Ordinal);
        void Report(string keyword, string message)
        {
            if (reported.Add(keyword))
            {
                findings.Add(new(Id, (int)Key(schema, keyword).Start.Line, $"{path}: '{keyword}' {message}"));
            }
        }

        if (openApi30 && Child(schema, "nullable") is not null && types.Length == 0)
        {
            Report("nullable", "means nothing without a 'type' in the same schema (OpenAPI 3.0.3): give the type beside it, or drop 'nullable' (a schema without 'type' already takes any value, null included).");
        }

        var composed = Composition.Any(keyword => Child(schema, keyword) is not null);
        foreach (var family in Families)
        {
            foreach (var keyword in family.Keywords.Where(keyword => Child(schema, keyword) is not null))
            {
                if (types.Length > 0 && !types.Intersect(family.Types, StringComparer.Ordinal).Any())
                {
                    var hint = keyword == "required" && Child(schema, keyword) is YamlScalarNode ? " A required field is named in its object's 'required' list." : string.Empty;
                    Report(keyword, $"means nothing on a schema of type {typeText}: it applies to {family.Kind} values only.{hint}");
                }
                else if (types.Length == 0 && !composed && family.CheckedWithoutType)
                {
                    Report(keyword, $"stands without 'type: {family.Types[0]}'{(family.Types.Length > 1 ? $" (or {string.Join(", ", family.Types.Skip(1))})" : string.Empty)}: the schema takes any value, and the keyword applies to {family.Kind} values only. Give the type.");
                }
            }
        }

        // OpenAPI 3.0's exclusiveMinimum/exclusiveMaximum are booleans that make minimum/maximum exclusive.
        foreach (var (exclusive, bound) in new[] { ("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum") })
        {
            if (openApi30 && Child(schema, exclusive) is not null && Child(schema, bound) is null)
            {
                Report(exclusive, $"means nothing without '{bound}' beside it (OpenAPI 3.0: it only makes '{bound}' exclusive).");
            }
        }
    }

    private static string Step(string path, string name) => path + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static YamlNode Key(YamlMappingNode mapping, string key) => mapping.Children.Keys.First(node => (node as YamlScalarNode)?.Value == key);

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Pairs(YamlNode? node) =>
        (node as YamlMappingNode)?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>Keywords JSON Schema applies to one kind of value, the types of that kind, and whether a schema without a type is checked for them.</summary>
    private sealed record Family(string[] Keywords, string[] Types, string Kind, bool CheckedWithoutType);
}
