using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Tests.TestSupport;

/// <summary>A request or response body of the contract, with the schema it follows and its examples as JSON.</summary>
internal sealed record ContractBody(string Where, string SchemaName, IReadOnlyDictionary<string, string> Examples);

/// <summary>
/// Walks every body of the contract (operations, their callbacks, every response) straight from the YAML.
/// </summary>
/// <remarks>
/// Examples are read here rather than through Microsoft.OpenApi, whose 1.x reader guesses types from strings
/// and turns the example <c>'16:9'</c> into today's date at 16:09. Scalars follow the YAML 1.2 core schema:
/// quoted is always a string; plain is null, a boolean, a number, or else a string.
/// </remarks>
internal static class ContractExamples
{
    private static readonly Lazy<YamlMappingNode> Root = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(ContractDocument.Text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static IEnumerable<ContractBody> Bodies()
    {
        foreach (var (path, item) in Map(Root.Value["paths"]))
        {
            foreach (var body in OperationBodies(path, Map(item)))
            {
                yield return body;
            }
        }
    }

    /// <summary>Every example as (id, schema, JSON); the id names where it stands in the contract.</summary>
    public static IReadOnlyDictionary<string, (string SchemaName, string Json)> All() =>
        Bodies()
            .SelectMany(body => body.Examples.Select(example => (Id: $"{body.Where} #{example.Key}", body.SchemaName, Json: example.Value)))
            .ToDictionary(entry => entry.Id, entry => (entry.SchemaName, entry.Json));

    private static IEnumerable<ContractBody> OperationBodies(string path, IReadOnlyDictionary<string, YamlNode> item)
    {
        foreach (var method in Methods.Where(item.ContainsKey))
        {
            var operation = Map(item[method]);
            var where = $"{method.ToUpperInvariant()} {path}";
            if (operation.TryGetValue("requestBody", out var requestBody))
            {
                yield return Body($"{where} request", Map(Resolve(requestBody)));
            }

            foreach (var (status, response) in Map(operation["responses"]))
            {
                var resolved = Map(Resolve(response));
                if (resolved.ContainsKey("content"))
                {
                    yield return Body($"{where} {status}", resolved);
                }
            }

            if (operation.TryGetValue("callbacks", out var callbacks))
            {
                foreach (var (name, callback) in Map(callbacks))
                {
                    foreach (var (expression, callbackItem) in Map(callback))
                    {
                        foreach (var body in OperationBodies($"{path} callback {name} {expression}", Map(callbackItem)))
                        {
                            yield return body;
                        }
                    }
                }
            }
        }
    }

    private static ContractBody Body(string where, IReadOnlyDictionary<string, YamlNode> holder)
    {
        var media = Map(Map(holder["content"]).TryGetValue("application/json", out var json)
            ? json
            : throw new InvalidOperationException($"{where} is not application/json."));
        var schemaRef = Map(media["schema"]).TryGetValue("$ref", out var reference)
            ? ((YamlScalarNode)reference).Value!
            : throw new InvalidOperationException($"{where} has no named schema.");

        var examples = new Dictionary<string, string>();
        if (media.TryGetValue("examples", out var named))
        {
            foreach (var (name, example) in Map(named))
            {
                examples[name] = ToJson(Map(Resolve(example))["value"]);
            }
        }

        if (media.TryGetValue("example", out var single))
        {
            examples["example"] = ToJson(single);
        }

        return new ContractBody(where, schemaRef[(schemaRef.LastIndexOf('/') + 1)..], examples);
    }

    private static YamlNode Resolve(YamlNode node)
    {
        if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode("$ref"), out var reference))
        {
            return node;
        }

        YamlNode target = Root.Value;
        foreach (var segment in ((YamlScalarNode)reference).Value!.TrimStart('#', '/').Split('/'))
        {
            target = ((YamlMappingNode)target)[segment];
        }

        return Resolve(target);
    }

    private static IReadOnlyDictionary<string, YamlNode> Map(YamlNode node) =>
        ((YamlMappingNode)node).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => pair.Value);

    private static string ToJson(YamlNode node) => ToJsonNode(node)?.ToJsonString() ?? "null";

    private static JsonNode? ToJsonNode(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJsonNode(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJsonNode).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => PlainScalar(plain.Value ?? ""),
        YamlScalarNode quoted => JsonValue.Create(quoted.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonNode? PlainScalar(string text) => text switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(text),
    };
}
