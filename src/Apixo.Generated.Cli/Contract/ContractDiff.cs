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
/// The verdict is the generated package's semver, so a change that removes or tightens a public member (a schema,
/// an enum member, a named fail code, a new C# <c>required</c> member) is breaking even where the wire still reads.
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
                // Every component schema is a public generated type, on whichever side it is.
                changes.Add(new(ChangeKind.Breaking, name, "schema removed (its generated type is gone)"));
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
            changes.Add(new(ChangeKind.Cosmetic, "(document)", "descriptions, examples or other text changed (no rule found a change of shape)"));
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

            CompareParameters(both, old[both], current[both], changes);
            if (Shape(Child(old[both], "requestBody")) != Shape(Child(current[both], "requestBody")))
            {
                changes.Add(new(ChangeKind.Breaking, both, "the request body's schema or media type changed"));
            }

            foreach (var status in oldResponses.Intersect(newResponses))
            {
                if (Shape(Child(Child(Child(old[both], "responses"), status), "content")) != Shape(Child(Child(Child(current[both], "responses"), status), "content")))
                {
                    changes.Add(new(ChangeKind.Breaking, both, $"response {status}'s schema or media type changed"));
                }
            }
        }
    }

    /// <summary>Parameters are sent by the client: a new required one or a removed one changes every call.</summary>
    private static void CompareParameters(string where, YamlNode before, YamlNode after, List<ContractChange> changes)
    {
        static Dictionary<string, YamlMappingNode> Of(YamlNode operation)
        {
            // By location and name; a repeated parameter (invalid OpenAPI) keeps its last entry rather than throwing.
            var parameters = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
            foreach (var parameter in (Child(operation, "parameters") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
            {
                parameters[$"{Scalar(Child(parameter, "in"))}:{Scalar(Child(parameter, "name"))}"] = parameter;
            }

            return parameters;
        }

        var old = Of(before);
        var current = Of(after);
        foreach (var removed in old.Keys.Except(current.Keys))
        {
            changes.Add(new(ChangeKind.Breaking, $"{where} {removed}", "parameter removed"));
        }

        foreach (var added in current.Keys.Except(old.Keys))
        {
            var required = Scalar(Child(current[added], "required")) == "true";
            changes.Add(new(required ? ChangeKind.Breaking : ChangeKind.Additive, $"{where} {added}", required ? "required parameter added" : "optional parameter added"));
        }

        foreach (var both in old.Keys.Intersect(current.Keys))
        {
            var wasRequired = Scalar(Child(old[both], "required")) == "true";
            var isRequired = Scalar(Child(current[both], "required")) == "true";
            if (wasRequired != isRequired)
            {
                changes.Add(new(isRequired ? ChangeKind.Breaking : ChangeKind.Additive, $"{where} {both}", isRequired ? "parameter became required" : "parameter no longer required"));
            }

            if (Child(old[both], "schema") is YamlMappingNode oldSchema && Child(current[both], "schema") is YamlMappingNode newSchema)
            {
                CompareSchema($"{where} {both}", oldSchema, newSchema, inRequest: true, inResponse: false, changes);
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

        // x-apixo-content-schema names the schema of a JSON string field (resultJson), read by the client.
        if (node is YamlMappingNode withContent && Scalar(Child(withContent, "x-apixo-content-schema")) is { } content)
        {
            var name = content.StartsWith(SchemaPrefix, StringComparison.Ordinal) ? content[SchemaPrefix.Length..] : content;
            if (seen.Add(name) && schemas.TryGetValue(name, out var schema))
            {
                Reach(schema, schemas, seen);
            }
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
        foreach (var key in new[] { "type", "format", "$ref", "nullable" })
        {
            if (Scalar(Child(before, key)) != Scalar(Child(after, key)))
            {
                changes.Add(new(ChangeKind.Breaking, where, $"{key} changed from '{Scalar(Child(before, key)) ?? "(none)"}' to '{Scalar(Child(after, key)) ?? "(none)"}'"));
            }
        }

        foreach (var key in new[] { "oneOf", "anyOf", "additionalProperties" })
        {
            if (Shape(Child(before, key)) != Shape(Child(after, key)))
            {
                changes.Add(new(ChangeKind.Breaking, where, $"{key} changed"));
            }
        }

        var oldParents = References(before);
        var newParents = References(after);
        if (!oldParents.SetEquals(newParents))
        {
            changes.Add(new(ChangeKind.Breaking, where, $"allOf references changed from [{string.Join(", ", oldParents.Order(StringComparer.Ordinal))}] to [{string.Join(", ", newParents.Order(StringComparer.Ordinal))}]"));
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
            // A required member of a response DTO is a C# `required` member: code that builds the DTO
            // (tests, fakes) stops compiling without it. On either side, a new required field is breaking.
            changes.Add(new(required ? ChangeKind.Breaking : ChangeKind.Additive, $"{where}.{name}", required ? "required field added" : "optional field added"));
        }

        foreach (var name in oldProperties.Keys.Intersect(newProperties.Keys))
        {
            var wasRequired = oldRequired.Contains(name);
            var isRequired = newRequired.Contains(name);
            if (!wasRequired && isRequired)
            {
                changes.Add(new(ChangeKind.Breaking, $"{where}.{name}", inRequest ? "field became required" : "field became required (the DTO's member becomes `required`)"));
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

        // An open enum (x-apixo-extensible, in today's contract) keeps a value it does not know: a new one is
        // additive. A strict generated enum fails to parse a new value in a response: breaking.
        var extensible = string.Equals((Child(before, "x-apixo-extensible") as YamlScalarNode)?.Value, "true", StringComparison.OrdinalIgnoreCase);
        foreach (var added in current.Except(old))
        {
            changes.Add(new(inResponse && !extensible ? ChangeKind.Breaking : ChangeKind.Additive, where, extensible && inResponse
                ? $"enum value '{added}' added (an open set: today's client keeps it as an unknown value)"
                : $"enum value '{added}' added"));
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
        if (Shape(At(before)) != Shape(At(after)))
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

    private static HashSet<string> References(YamlMappingNode schema) =>
        ((Child(schema, "allOf") as YamlSequenceNode)?.Children.Select(p => Scalar(Child(p, "$ref"))).OfType<string>() ?? [])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A node without its text (descriptions, summaries, titles, examples): what it says of the shape.</summary>
    private static string Shape(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => "'" + scalar.Value + "'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Shape)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children
            .Where(p => Scalar(p.Key) is not ("description" or "summary" or "title" or "example" or "examples"))
            .Select(p => Shape(p.Key) + ":" + Shape(p.Value))) + "}",
        _ => string.Empty,
    };

    /// <summary>A node as text without comments or layout, to tell whether two nodes say the same.</summary>
    private static string Canonical(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => "'" + scalar.Value + "'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children.Select(p => Canonical(p.Key) + ":" + Canonical(p.Value))) + "}",
        _ => string.Empty,
    };
}
