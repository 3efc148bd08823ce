using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Sandbox.Contract;

/// <summary>Reading YAML nodes of the contract: lookups that say which node was missing, and YAML as JSON.</summary>
internal static class YamlTree
{
    public static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new InvalidOperationException("The contract is not one YAML document with a mapping at its root.");
    }

    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Map(this YamlNode? node, string key) => node.Child(key) as YamlMappingNode;

    public static string? Text(this YamlNode? node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Select(pair => (((YamlScalarNode)pair.Key).Value ?? string.Empty, pair.Value))
            : [];

    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>A YAML value as JSON: plain scalars become numbers, booleans or null where YAML's core schema says so.</summary>
    public static JsonNode? ToJson(YamlNode node, bool stringsOnly = false) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar, stringsOnly),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(item => ToJson(item, stringsOnly)).ToArray()),
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? string.Empty, ToJson(pair.Value, stringsOnly)))),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar, bool stringsOnly)
    {
        var text = scalar.Value ?? string.Empty;
        if (stringsOnly || scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "null" or "~" or "" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
