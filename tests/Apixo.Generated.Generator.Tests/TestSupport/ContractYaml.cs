using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Generator.Tests.TestSupport;

/// <summary>
/// The real contract, edited in its YAML structure rather than its text. Every step fails loudly when the node
/// is not where the test expects it, so an edit that did not apply can never pass as a generator result.
/// </summary>
/// <remarks>
/// Linked into other test projects too (the client's tests, for contract lint; the evolution tests), so it holds
/// nothing of the generator harness: the generator tests' other part adds the parameterless constructor over the
/// contract their harness embeds.
/// </remarks>
internal sealed partial class ContractYaml
{
    private readonly YamlStream _yaml = new();

    public ContractYaml(string text)
    {
        using var reader = new StringReader(text);
        _yaml.Load(reader);
    }

    /// <summary>The document's root mapping.</summary>
    public YamlMappingNode Root => (YamlMappingNode)_yaml.Documents[0].RootNode;

    /// <summary>The schema mapping of <paramref name="name"/> in components/schemas.</summary>
    public YamlMappingNode Schema(string name) => At(Root, "components", "schemas", name);

    /// <summary>Adds <paramref name="key"/>, which must not be there yet, with the YAML <paramref name="yaml"/> as its value.</summary>
    public static void Add(YamlMappingNode mapping, string key, string yaml)
    {
        Assert.False(mapping.Children.ContainsKey(new YamlScalarNode(key)), $"'{key}' is already there (line {mapping.Start.Line}): the test must follow the contract.");
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        mapping.Children[new YamlScalarNode(key)] = stream.Documents[0].RootNode;
    }

    /// <summary>The operation <paramref name="method"/> of <paramref name="path"/> in paths.</summary>
    public YamlMappingNode Operation(string path, string method) => At(Root, "paths", path, method);

    /// <summary>A node parsed from YAML text (flow style is easiest: <c>{ type: integer, minimum: 1 }</c>).</summary>
    public static YamlNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }


    /// <summary>The mapping reached by <paramref name="path"/> from <paramref name="node"/>; an index steps into a sequence.</summary>
    public static YamlMappingNode At(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node switch
            {
                YamlMappingNode mapping when mapping.Children.TryGetValue(new YamlScalarNode(step), out var child) => child,
                YamlSequenceNode sequence when int.TryParse(step, out var index) && index < sequence.Children.Count => sequence.Children[index],
                _ => throw new Xunit.Sdk.XunitException($"The contract has no '{step}' on the path {string.Join('/', path)} (line {node.Start.Line}): the test must follow the contract."),
            };
        }

        return Assert.IsType<YamlMappingNode>(node);
    }

    /// <summary>Sets a scalar that must be there and must change.</summary>
    public static void Set(YamlMappingNode mapping, string key, string value)
    {
        var old = Assert.IsType<YamlScalarNode>(At(mapping).Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : throw new Xunit.Sdk.XunitException($"No '{key}' to set (line {mapping.Start.Line})."));
        Assert.NotEqual(value, old.Value);
        mapping.Children[new YamlScalarNode(key)] = new YamlScalarNode(value) { Style = old.Style };
    }

    /// <summary>The sequence under <paramref name="key"/>, which must be there.</summary>
    public static YamlSequenceNode Sequence(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode sequence
            ? sequence
            : throw new Xunit.Sdk.XunitException($"No sequence '{key}' (line {mapping.Start.Line}): the test must follow the contract.");

    /// <summary>Sets item <paramref name="index"/> of a sequence of scalars; it must be there and must change.</summary>
    public static void SetItem(YamlSequenceNode sequence, int index, string value)
    {
        Assert.InRange(index, 0, sequence.Children.Count - 1);
        var old = Assert.IsType<YamlScalarNode>(sequence.Children[index]);
        Assert.NotEqual(value, old.Value);
        sequence.Children[index] = new YamlScalarNode(value) { Style = old.Style };
    }

    /// <summary>Removes <paramref name="key"/>, which must be there.</summary>
    public static void Remove(YamlMappingNode mapping, string key)
    {
        if (!mapping.Children.Remove(new YamlScalarNode(key)))
        {
            throw new Xunit.Sdk.XunitException($"No '{key}' to remove (line {mapping.Start.Line}).");
        }
    }

    /// <summary>Adds <paramref name="key"/>, which must not be there yet.</summary>
    public static void Add(YamlMappingNode mapping, string key, YamlNode value)
    {
        if (mapping.Children.ContainsKey(new YamlScalarNode(key)))
        {
            throw new Xunit.Sdk.XunitException($"'{key}' is already there (line {mapping.Start.Line}).");
        }

        mapping.Children.Add(new YamlScalarNode(key), value);
    }

    /// <summary>The one mapping under <paramref name="node"/>, at any depth, that has <paramref name="key"/>; none or several fail.</summary>
    public static YamlMappingNode Holding(YamlNode node, string key)
    {
        var found = new List<YamlMappingNode>();
        void Walk(YamlNode current)
        {
            switch (current)
            {
                case YamlMappingNode mapping:
                    if (mapping.Children.ContainsKey(new YamlScalarNode(key)))
                    {
                        found.Add(mapping);
                    }

                    foreach (var child in mapping.Children.Values)
                    {
                        Walk(child);
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children)
                    {
                        Walk(child);
                    }

                    break;
            }
        }

        Walk(node);
        return found.Count == 1
            ? found[0]
            : throw new Xunit.Sdk.XunitException($"{found.Count} mappings have '{key}', the test expects one: it must follow the contract.");
    }

    /// <summary>The 1-based line, in <paramref name="text"/>, of the node at <paramref name="path"/> from the root.</summary>
    public static int LineOf(string text, params string[] path)
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(text))
        {
            yaml.Load(reader);
        }

        YamlNode node = yaml.Documents[0].RootNode;
        foreach (var step in path)
        {
            node = node switch
            {
                YamlMappingNode mapping when mapping.Children.TryGetValue(new YamlScalarNode(step), out var child) => child,
                YamlSequenceNode sequence when int.TryParse(step, out var index) && index < sequence.Children.Count => sequence.Children[index],
                _ => throw new Xunit.Sdk.XunitException($"No '{step}' on the path {string.Join('/', path)}."),
            };
        }

        return (int)node.Start.Line;
    }

    public override string ToString()
    {
        using var writer = new StringWriter();
        _yaml.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
