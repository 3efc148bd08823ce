using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Cli.Contract.Diff.YamlNodes;

namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>One version of the contract as the diff walks it: its YAML root, schemas and operations.</summary>
internal sealed class ContractFile
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private ContractFile(YamlMappingNode root)
    {
        Root = root;
        Schemas = Child(Child(root, "components"), "schemas") as YamlMappingNode ?? new YamlMappingNode();
        foreach (var (path, pathKey, item) in Pairs(Child(root, "paths")))
        {
            foreach (var method in Methods)
            {
                if (Child(item, method) is YamlMappingNode operation)
                {
                    Operations[$"{method.ToUpperInvariant()} {path}"] = new(path, pathKey, operation);
                }
            }
        }
    }

    public YamlMappingNode Root { get; }

    /// <summary>components/schemas.</summary>
    public YamlMappingNode Schemas { get; }

    /// <summary>Operations by <c>METHOD /path</c>.</summary>
    public Dictionary<string, Operation> Operations { get; } = new(StringComparer.Ordinal);

    public static ContractFile Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? new ContractFile(root)
            : throw new FormatException("The contract must be one YAML mapping.");
    }

    public YamlMappingNode? Schema(string name) => Child(Schemas, name) as YamlMappingNode;

    /// <summary>The schema key's node in components/schemas, for its line.</summary>
    public YamlNode? SchemaKey(string name) => KeyNode(Schemas, name);

    /// <summary>
    /// A schema with every <c>$ref</c> to a component schema replaced by what it refers to, without text: two schemas
    /// with the same resolved shape read and write the same JSON.
    /// </summary>
    public string Resolved(YamlNode? node) => Resolved(node, []);

    private string Resolved(YamlNode? node, HashSet<string> visiting)
    {
        switch (node)
        {
            case YamlMappingNode mapping when RefName(mapping) is { } name:
                if (!visiting.Add(name))
                {
                    return "ref:" + name;
                }

                var target = Resolved(Schema(name), visiting);
                visiting.Remove(name);
                return target;
            case YamlMappingNode mapping:
                return "{" + string.Join(",", mapping.Children
                    .Where(p => Scalar(p.Key) is not { } key || !TextKeys.Contains(key))
                    .OrderBy(p => Scalar(p.Key), StringComparer.Ordinal)
                    .Select(p => Shape(p.Key) + ":" + Resolved(p.Value, visiting))) + "}";
            case YamlSequenceNode sequence:
                return "[" + string.Join(",", sequence.Children.Select(child => Resolved(child, visiting))) + "]";
            default:
                return Shape(node);
        }
    }

    /// <summary>
    /// The C# type NSwag generates for a schema at this place: the component's name for a <c>$ref</c> to an object,
    /// enum or composed schema; "an inline type NSwag names" for an inline object or enum; null for a plain value.
    /// </summary>
    public string? GeneratedTypeName(YamlNode? node)
    {
        if (RefName(node) is { } name)
        {
            return Schema(name) is { } target && IsNamedType(target) ? $"`{name}`" : null;
        }

        return node is YamlMappingNode inline && IsNamedType(inline) ? "an inline type NSwag names itself" : null;
    }

    /// <summary>Whether NSwag generates a C# type of its own for the schema (an object, an enum, a composition).</summary>
    public static bool IsNamedType(YamlMappingNode schema) =>
        Scalar(Child(schema, "type")) == "object" || Child(schema, "properties") is not null || Child(schema, "enum") is not null
        || Child(schema, "allOf") is not null || Child(schema, "oneOf") is not null || Child(schema, "anyOf") is not null;

    /// <summary>The generated Refit method of an operation: its operationId in Pascal case, then <c>Async</c>.</summary>
    public static string? MethodName(YamlNode operation) =>
        Scalar(Child(operation, "operationId")) is { Length: > 0 } id ? char.ToUpperInvariant(id[0]) + id[1..] + "Async" : null;

    /// <summary>The schemas a client sends (request bodies) and those it reads (responses, callbacks).</summary>
    public (HashSet<string> Request, HashSet<string> Response) Sides()
    {
        var request = new HashSet<string>(StringComparer.Ordinal);
        var response = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in Operations.Values)
        {
            Reach(Child(operation.Node, "requestBody"), request);
            Reach(Child(operation.Node, "responses"), response);
            Reach(Child(operation.Node, "callbacks"), response);
        }

        // Reusable responses are read by the client too.
        Reach(Child(Child(Root, "components"), "responses"), response);
        return (request, response);
    }

    private void Reach(YamlNode? node, HashSet<string> seen)
    {
        void Visit(string name)
        {
            if (seen.Add(name) && Schema(name) is { } target)
            {
                Reach(target, seen);
            }
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, _, value) in Pairs(mapping))
                {
                    if (key == "$ref" && RefName(mapping) is { } name)
                    {
                        Visit(name);
                    }
                    else if (key is not ("example" or "examples"))
                    {
                        Reach(value, seen);
                    }
                }

                // x-apixo-content-schema names the schema of a JSON string field (resultJson), read by the client.
                if (Scalar(Child(mapping, "x-apixo-content-schema")) is { } content)
                {
                    Visit(content.StartsWith(SchemaPrefix, StringComparison.Ordinal) ? content[SchemaPrefix.Length..] : content);
                }

                // Discriminator mappings name their schemas in plain strings.
                foreach (var target in Values(Child(Child(mapping, "discriminator"), "mapping") is YamlMappingNode m ? new YamlSequenceNode(m.Children.Values) : null))
                {
                    if (target.StartsWith(SchemaPrefix, StringComparison.Ordinal))
                    {
                        Visit(target[SchemaPrefix.Length..]);
                    }
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Reach(item, seen);
                }

                break;
        }
    }

    /// <summary>An operation: its path (and the path key's node, for its line) and its mapping.</summary>
    internal sealed record Operation(string Path, YamlNode PathKey, YamlMappingNode Node);
}
