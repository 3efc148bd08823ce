using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Cli.Contract;

/// <summary>How much a change matters to the code that uses the contract.</summary>
internal enum ChangeKind
{
    /// <summary>Only text: descriptions, examples, summaries.</summary>
    Cosmetic,

    /// <summary>Existing clients keep working: something new, or something wider.</summary>
    Additive,

    /// <summary>An existing client can break: something removed, narrowed or made required.</summary>
    Breaking,
}

/// <summary>One difference between two versions of the contract.</summary>
internal sealed record ContractChange(ChangeKind Kind, string Where, string What);

/// <summary>
/// Compares two versions of the contract and classifies each difference. Which side of the wire a schema is on
/// decides: a request may not ask more of the client (a new required field, a narrower limit, a removed value),
/// and a response may not give the client something it cannot read (a new value of a strict enum, a field
/// removed or no longer required). Fail codes are an open set read by a tolerant type: a new one is additive.
/// </summary>
internal static class ContractDiff
{
    private const string SchemaPrefix = "#/components/schemas/";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    private static readonly string[] NarrowedWhenGreater = ["minLength", "minItems", "minimum"];
    private static readonly string[] NarrowedWhenSmaller = ["maxLength", "maxItems", "maximum"];

    public static IReadOnlyList<ContractChange> Compare(string oldYaml, string newYaml)
    {
        var before = Load(oldYaml);
        var after = Load(newYaml);
        var changes = new List<ContractChange>();

        CompareOperations(before, after, changes);
        CompareScalar(before, after, changes, ChangeKind.Breaking, "servers", "the server address changed");
        CompareScalar(before, after, changes, ChangeKind.Breaking, "components/securitySchemes", "the security scheme changed");

        var (requestSide, responseSide) = Sides(before);
        var (newRequestSide, newResponseSide) = Sides(after);
        requestSide.UnionWith(newRequestSide);
        responseSide.UnionWith(newResponseSide);
        var oldSchemas = Schemas(before);
        var newSchemas = Schemas(after);
        foreach (var name in oldSchemas.Keys.Union(newSchemas.Keys).Order(StringComparer.Ordinal))
        {
            var inRequest = requestSide.Contains(name);
            var inResponse = responseSide.Contains(name);
            if (!newSchemas.TryGetValue(name, out var newSchema))
            {
                changes.Add(new(inRequest || inResponse ? ChangeKind.Breaking : ChangeKind.Cosmetic, name, "schema removed"));
            }
            else if (!oldSchemas.TryGetValue(name, out var oldSchema))
            {
                changes.Add(new(ChangeKind.Additive, name, "schema added"));
            }
            else
            {
                CompareSchema(name, oldSchema, newSchema, inRequest, inResponse, changes);
            }
        }

        CompareExtension(before, after, changes);
        if (changes.Count == 0 && Canonical(before.RootNode) != Canonical(after.RootNode))
        {
            changes.Add(new(ChangeKind.Cosmetic, "(document)", "descriptions, examples or other text changed"));
        }

        return changes;
    }

    /// <summary>The semver step the changes call for.</summary>
    public static string Verdict(IReadOnlyList<ContractChange> changes) =>
        changes.Any(c => c.Kind == ChangeKind.Breaking) ? "major"
        : changes.Any(c => c.Kind == ChangeKind.Additive) ? "minor"
        : changes.Count > 0 ? "patch"
        : "none";

    private static YamlDocument Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode
            ? stream.Documents[0]
            : throw new FormatException("The contract must be one YAML mapping.");
    }

    private static void CompareOperations(YamlDocument before, YamlDocument after, List<ContractChange> changes)
    {
        var old = Operations(before);
        var current = Operations(after);
        foreach (var removed in old.Keys.Except(current.Keys))
        {
            changes.Add(new(ChangeKind.Breaking, removed, "operation removed"));
        }

        foreach (var added in current.Keys.Except(old.Keys))
        {
            changes.Add(new(ChangeKind.Additive, added, "operation added"));
        }

        foreach (var both in old.Keys.Intersect(current.Keys))
        {
            var oldResponses = Keys(Child(old[both], "responses"));
            var newResponses = Keys(Child(current[both], "responses"));
            foreach (var status in newResponses.Except(oldResponses))
            {
                changes.Add(new(ChangeKind.Additive, both, $"response {status} documented"));
            }

            foreach (var status in oldResponses.Except(newResponses))
            {
                changes.Add(new(ChangeKind.Cosmetic, both, $"response {status} no longer documented"));
            }
        }
    }

    private static Dictionary<string, YamlNode> Operations(YamlDocument document)
    {
        var operations = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (Child(document.RootNode, "paths") is YamlMappingNode paths)
        {
            foreach (var (path, item) in paths.Children)
            {
                foreach (var method in Methods)
                {
                    if (Child(item, method) is { } operation)
                    {
                        operations[$"{method.ToUpperInvariant()} {Scalar(path)}"] = operation;
                    }
                }
            }
        }

        return operations;
    }

    private static Dictionary<string, YamlMappingNode> Schemas(YamlDocument document) =>
        Child(Child(document.RootNode, "components"), "schemas") is YamlMappingNode schemas
            ? schemas.Children.Where(p => p.Value is YamlMappingNode).ToDictionary(p => Scalar(p.Key)!, p => (YamlMappingNode)p.Value, StringComparer.Ordinal)
            : [];

    /// <summary>The schemas a client sends (request bodies) and those it reads (responses, callbacks).</summary>
    private static (HashSet<string> Request, HashSet<string> Response) Sides(YamlDocument document)
    {
        var schemas = Schemas(document);
        var request = new HashSet<string>(StringComparer.Ordinal);
        var response = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in Operations(document).Values)
        {
            Reach(Child(operation, "requestBody"), schemas, request);
            Reach(Child(operation, "responses"), schemas, response);
            Reach(Child(operation, "callbacks"), schemas, response);
        }

        // Reusable responses are read by the client too.
        Reach(Child(Child(document.RootNode, "components"), "responses"), schemas, response);
        return (request, response);
    }

    private static void Reach(YamlNode? node, Dictionary<string, YamlMappingNode> schemas, HashSet<string> seen)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (Scalar(key) == "$ref" && Scalar(value) is { } reference && reference.StartsWith(SchemaPrefix, StringComparison.Ordinal))
                    {
                        var name = reference[SchemaPrefix.Length..];
                        if (seen.Add(name) && schemas.TryGetValue(name, out var target))
                        {
                            Reach(target, schemas, seen);
                        }
                    }
                    else if (Scalar(key) is not ("example" or "examples"))
                    {
                        Reach(value, schemas, seen);
                    }
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Reach(item, schemas, seen);
                }

                break;
        }

        // Discriminator mappings name their schemas in plain strings.
        if (node is YamlMappingNode withMapping && Child(Child(withMapping, "discriminator"), "mapping") is YamlMappingNode mapped)
        {
            foreach (var target in mapped.Children.Values.Select(Scalar).OfType<string>().Where(t => t.StartsWith(SchemaPrefix, StringComparison.Ordinal)))
            {
                var name = target[SchemaPrefix.Length..];
                if (seen.Add(name) && schemas.TryGetValue(name, out var schema))
                {
                    Reach(schema, schemas, seen);
                }
            }
        }
    }

    private static void CompareSchema(string where, YamlMappingNode before, YamlMappingNode after, bool inRequest, bool inResponse, List<ContractChange> changes)
    {
        foreach (var key in new[] { "type", "format", "$ref" })
        {
            if (Scalar(Child(before, key)) != Scalar(Child(after, key)))
            {
                changes.Add(new(ChangeKind.Breaking, where, $"{key} changed from '{Scalar(Child(before, key)) ?? "(none)"}' to '{Scalar(Child(after, key)) ?? "(none)"}'"));
            }
        }

        CompareEnum(where, before, after, inRequest, inResponse, changes);
        CompareLimits(where, before, after, inRequest, changes);
        if (Scalar(Child(before, "pattern")) != Scalar(Child(after, "pattern")))
        {
            changes.Add(new(inRequest ? ChangeKind.Breaking : ChangeKind.Cosmetic, where, $"pattern changed to '{Scalar(Child(after, "pattern")) ?? "(none)"}'"));
        }

        var oldProperties = Properties(before);
        var newProperties = Properties(after);
        var oldRequired = Required(before);
        var newRequired = Required(after);
        foreach (var name in oldProperties.Keys.Except(newProperties.Keys))
        {
            changes.Add(new(inRequest || inResponse ? ChangeKind.Breaking : ChangeKind.Cosmetic, $"{where}.{name}", "field removed"));
        }

        foreach (var name in newProperties.Keys.Except(oldProperties.Keys))
        {
            var required = newRequired.Contains(name);
            changes.Add(new(inRequest && required ? ChangeKind.Breaking : ChangeKind.Additive, $"{where}.{name}", required ? "required field added" : "optional field added"));
        }

        foreach (var name in oldProperties.Keys.Intersect(newProperties.Keys))
        {
            var wasRequired = oldRequired.Contains(name);
            var isRequired = newRequired.Contains(name);
            if (!wasRequired && isRequired)
            {
                changes.Add(new(inRequest ? ChangeKind.Breaking : ChangeKind.Additive, $"{where}.{name}", "field became required"));
            }
            else if (wasRequired && !isRequired)
            {
                changes.Add(new(inResponse ? ChangeKind.Breaking : ChangeKind.Additive, $"{where}.{name}", "field no longer required"));
            }

            if (oldProperties[name] is YamlMappingNode oldProperty && newProperties[name] is YamlMappingNode newProperty)
            {
                CompareSchema($"{where}.{name}", oldProperty, newProperty, inRequest, inResponse, changes);
                if (Child(oldProperty, "items") is YamlMappingNode oldItems && Child(newProperty, "items") is YamlMappingNode newItems)
                {
                    CompareSchema($"{where}.{name}[]", oldItems, newItems, inRequest, inResponse, changes);
                }
            }
        }

        if (Canonical(Child(before, "description")) != Canonical(Child(after, "description")))
        {
            changes.Add(new(ChangeKind.Cosmetic, where, "description changed"));
        }
    }

    private static void CompareEnum(string where, YamlMappingNode before, YamlMappingNode after, bool inRequest, bool inResponse, List<ContractChange> changes)
    {
        var old = Values(Child(before, "enum"));
        var current = Values(Child(after, "enum"));
        foreach (var removed in old.Except(current))
        {
            // On the wire a response without the value is still readable, but the generated enum loses
            // its member, so code that names it stops compiling: breaking on either side.
            changes.Add(new(ChangeKind.Breaking, where, inRequest
                ? $"enum value '{removed}' removed"
                : $"enum value '{removed}' removed (responses still read; the C# member is gone)"));
        }

        foreach (var added in current.Except(old))
        {
            // The generated enums are strict: a new value in a response fails to parse in today's client.
            changes.Add(new(inResponse ? ChangeKind.Breaking : ChangeKind.Additive, where, $"enum value '{added}' added"));
        }
    }

    private static void CompareLimits(string where, YamlMappingNode before, YamlMappingNode after, bool inRequest, List<ContractChange> changes)
    {
        foreach (var key in NarrowedWhenGreater.Concat(NarrowedWhenSmaller))
        {
            var old = Number(Child(before, key));
            var current = Number(Child(after, key));
            if (old == current)
            {
                continue;
            }

            var narrowed = NarrowedWhenGreater.Contains(key)
                ? current > (old ?? decimal.MinValue)
                : current < (old ?? decimal.MaxValue);
            var what = $"{key} {old?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} → {current?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}";
            changes.Add(new(inRequest && narrowed ? ChangeKind.Breaking : inRequest ? ChangeKind.Additive : ChangeKind.Cosmetic, where, what + (narrowed ? " (narrower)" : " (wider)")));
        }
    }

    private static void CompareExtension(YamlDocument before, YamlDocument after, List<ContractChange> changes)
    {
        var oldCodes = FailCodes(before);
        var newCodes = FailCodes(after);
        foreach (var added in newCodes.Except(oldCodes))
        {
            changes.Add(new(ChangeKind.Additive, "x-apixo-fail-codes", $"fail code '{added}' documented"));
        }

        foreach (var removed in oldCodes.Except(newCodes))
        {
            // FailCode keeps any string, so the code still reads, but its named member is no longer
            // generated: code that names it stops compiling.
            changes.Add(new(ChangeKind.Breaking, "x-apixo-fail-codes", $"fail code '{removed}' no longer documented (it still reads; its named member is gone)"));
        }

        foreach (var table in new[] { "x-apixo-pricing", "x-apixo-polling" })
        {
            var old = Schemas(before).Values.Select(s => Canonical(Child(s, table))).FirstOrDefault(t => t.Length > 0) ?? string.Empty;
            var current = Schemas(after).Values.Select(s => Canonical(Child(s, table))).FirstOrDefault(t => t.Length > 0) ?? string.Empty;
            if (old != current)
            {
                changes.Add(new(ChangeKind.Additive, table, "table changed (prices or schedule): the wire is unchanged, the behaviour is not"));
            }
        }
    }

    private static HashSet<string> FailCodes(YamlDocument document) =>
        Schemas(document).Values
            .Select(s => Child(s, "x-apixo-fail-codes") as YamlSequenceNode)
            .Where(s => s is not null)
            .SelectMany(s => s!.Children.Select(entry => Scalar(Child(entry, "code"))).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);

    private static void CompareScalar(YamlDocument before, YamlDocument after, List<ContractChange> changes, ChangeKind kind, string path, string what)
    {
        YamlNode? At(YamlDocument d) => path.Split('/').Aggregate((YamlNode?)d.RootNode, Child);
        if (Canonical(At(before)) != Canonical(At(after)))
        {
            changes.Add(new(kind, path, what));
        }
    }

    /// <summary>A schema's properties, its own and those of the inline parts of its allOf.</summary>
    private static Dictionary<string, YamlNode> Properties(YamlMappingNode schema)
    {
        var properties = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var parts = (Child(schema, "allOf") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().Where(p => Child(p, "$ref") is null) ?? [];
        foreach (var part in parts.Append(schema))
        {
            if (Child(part, "properties") is YamlMappingNode own)
            {
                foreach (var (key, value) in own.Children)
                {
                    properties[Scalar(key)!] = value;
                }
            }
        }

        return properties;
    }

    private static HashSet<string> Required(YamlMappingNode schema)
    {
        var parts = (Child(schema, "allOf") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];
        return parts.Append(schema).SelectMany(p => Values(Child(p, "required"))).ToHashSet(StringComparer.Ordinal);
    }

    private static List<string> Values(YamlNode? node) => (node as YamlSequenceNode)?.Children.Select(Scalar).OfType<string>().ToList() ?? [];

    private static HashSet<string> Keys(YamlNode? node) => (node as YamlMappingNode)?.Children.Keys.Select(Scalar).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];

    private static decimal? Number(YamlNode? node) =>
        decimal.TryParse(Scalar(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    /// <summary>A node as text without comments or layout, to tell whether two nodes say the same.</summary>
    private static string Canonical(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => "'" + scalar.Value + "'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children.Select(p => Canonical(p.Key) + ":" + Canonical(p.Value))) + "}",
        _ => string.Empty,
    };
}
