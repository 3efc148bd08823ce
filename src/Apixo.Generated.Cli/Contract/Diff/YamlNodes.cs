using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>Lookups on the contract's YAML that never throw, and the two ways of telling whether two nodes say the same.</summary>
internal static class YamlNodes
{
    public const string SchemaPrefix = "#/components/schemas/";

    /// <summary>Keys that hold only text: a change under them changes neither the wire nor the generated code's shape.</summary>
    public static readonly HashSet<string> TextKeys = new(StringComparer.Ordinal) { "description", "summary", "title", "example", "examples" };

    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The key node of <paramref name="key"/> (its line is the line a reader looks for).</summary>
    public static YamlNode? KeyNode(YamlNode? node, string key) =>
        node is YamlMappingNode mapping ? mapping.Children.Keys.FirstOrDefault(k => Scalar(k) == key) : null;

    public static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<(string Name, YamlNode Key, YamlNode Value)> Pairs(YamlNode? node) =>
        (node as YamlMappingNode)?.Children.Where(p => Scalar(p.Key) is not null).Select(p => (Scalar(p.Key)!, p.Key, p.Value)) ?? [];

    public static List<string> Values(YamlNode? node) => (node as YamlSequenceNode)?.Children.Select(Scalar).OfType<string>().ToList() ?? [];

    public static decimal? Number(YamlNode? node) =>
        decimal.TryParse(Scalar(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static bool IsTrue(YamlNode? node) => string.Equals(Scalar(node), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A component schema's name, from a <c>$ref</c> to it.</summary>
    public static string? RefName(YamlNode? schema) =>
        Scalar(Child(schema, "$ref")) is { } reference && reference.StartsWith(SchemaPrefix, StringComparison.Ordinal) ? reference[SchemaPrefix.Length..] : null;

    /// <summary>A node without its text (descriptions, summaries, titles, examples): what it says of the shape.</summary>
    public static string Shape(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => "'" + scalar.Value + "'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Shape)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children
            .Where(p => Scalar(p.Key) is not { } key || !TextKeys.Contains(key))
            .OrderBy(p => Scalar(p.Key), StringComparer.Ordinal)
            .Select(p => Shape(p.Key) + ":" + Shape(p.Value))) + "}",
        _ => string.Empty,
    };

    /// <summary>A node as text without comments or layout, to tell whether two nodes say the same.</summary>
    public static string Canonical(YamlNode? node) => node switch
    {
        YamlScalarNode scalar => "'" + scalar.Value + "'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children.OrderBy(p => Scalar(p.Key), StringComparer.Ordinal).Select(p => Canonical(p.Key) + ":" + Canonical(p.Value))) + "}",
        _ => string.Empty,
    };

    /// <summary>The first mapping, depth first, that holds <paramref name="key"/>.</summary>
    public static YamlMappingNode? Holding(YamlNode? node, string key)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                if (Child(mapping, key) is not null)
                {
                    return mapping;
                }

                foreach (var child in mapping.Children.Values)
                {
                    if (Holding(child, key) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    if (Holding(child, key) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Every mapping, at any depth, that holds <paramref name="key"/>.</summary>
    public static IEnumerable<YamlMappingNode> AllHolding(YamlNode? node, string key)
    {
        if (node is YamlMappingNode mapping && Child(mapping, key) is not null)
        {
            yield return mapping;
        }

        var children = node switch
        {
            YamlMappingNode m => m.Children.Values,
            YamlSequenceNode s => s.Children,
            _ => (IEnumerable<YamlNode>)[],
        };
        foreach (var found in children.SelectMany(child => AllHolding(child, key)))
        {
            yield return found;
        }
    }
}
