using Apixo.Generated.Generator.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>
/// Structural edits beside <see cref="ContractYaml"/>'s: adding a key that must be new, appending to a list that
/// must be there, replacing a value that must change. Each fails loudly when the contract is not as expected, so
/// an edit that did not apply can never pass as "the contract change flowed".
/// </summary>
internal static class ContractEdit
{
    /// <summary>A YAML node from its text (<c>'5:4'</c>, <c>{ type: integer }</c>, a block mapping).</summary>
    public static YamlNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    /// <summary>A deep copy of <paramref name="node"/>, to be edited and added elsewhere.</summary>
    public static YamlMappingNode Clone(YamlMappingNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return Assert.IsType<YamlMappingNode>(Parse(writer.ToString()));
    }

    /// <summary>The list under <paramref name="key"/>, which must be there.</summary>
    public static YamlSequenceNode List(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode list
            ? list
            : throw new Xunit.Sdk.XunitException($"No list '{key}' (line {mapping.Start.Line}): the test must follow the contract.");

    /// <summary>Adds <paramref name="key"/> with the node <paramref name="yaml"/> reads as; the key must not be there yet.</summary>
    public static void Add(YamlMappingNode mapping, string key, string yaml) => Add(mapping, key, Parse(yaml));

    /// <summary>Adds <paramref name="key"/>, which must not be there yet.</summary>
    public static void Add(YamlMappingNode mapping, string key, YamlNode value)
    {
        if (mapping.Children.ContainsKey(new YamlScalarNode(key)))
        {
            throw new Xunit.Sdk.XunitException($"'{key}' is already in the contract (line {mapping.Start.Line}): this is no longer a new one.");
        }

        mapping.Children.Add(new YamlScalarNode(key), value);
    }

    /// <summary>Appends an item to the list under <paramref name="key"/>; a scalar must not be in it already.</summary>
    public static void Append(YamlMappingNode mapping, string key, string yaml)
    {
        var list = List(mapping, key);
        var item = Parse(yaml);
        if (item is YamlScalarNode scalar && list.Children.OfType<YamlScalarNode>().Any(existing => existing.Value == scalar.Value))
        {
            throw new Xunit.Sdk.XunitException($"'{scalar.Value}' is already in '{key}' (line {list.Start.Line}).");
        }

        list.Children.Add(item);
    }

    /// <summary>Replaces the value under <paramref name="key"/>, which must be there and must change.</summary>
    public static void Replace(YamlMappingNode mapping, string key, string yaml)
    {
        var old = mapping.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node
            : throw new Xunit.Sdk.XunitException($"No '{key}' to replace (line {mapping.Start.Line}).");
        var value = Parse(yaml);
        Assert.NotEqual(Text(old), Text(value));
        mapping.Children[new YamlScalarNode(key)] = value;
    }

    private static string Text(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
