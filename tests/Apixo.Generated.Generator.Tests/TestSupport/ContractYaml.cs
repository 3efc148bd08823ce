using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Generator.Tests.TestSupport;

/// <summary>
/// The real contract, edited in its YAML structure rather than its text. Every step fails loudly when the node
/// is not where the test expects it, so an edit that did not apply can never pass as a generator result.
/// </summary>
internal sealed class ContractYaml
{
    private readonly YamlStream _yaml = new();

    public ContractYaml(string? text = null)
    {
        using var reader = new StringReader(text ?? GeneratorHarness.RealContract);
        _yaml.Load(reader);
    }

    /// <summary>The document's root mapping.</summary>
    public YamlMappingNode Root => (YamlMappingNode)_yaml.Documents[0].RootNode;

    /// <summary>The schema mapping of <paramref name="name"/> in components/schemas.</summary>
    public YamlMappingNode Schema(string name) => At(Root, "components", "schemas", name);

    /// <summary>The operation <paramref name="method"/> of <paramref name="path"/> in paths.</summary>
    public YamlMappingNode Operation(string path, string method) => At(Root, "paths", path, method);

    /// <summary>A node parsed from YAML text (flow style is easiest: <c>{ type: integer, minimum: 1 }</c>).</summary>
    public static YamlNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    /// <summary>Removes a key that must be there.</summary>
    public static void Remove(YamlMappingNode mapping, string key) =>
        Assert.True(mapping.Children.Remove(new YamlScalarNode(key)), $"No '{key}' to remove (line {mapping.Start.Line}).");

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

    public override string ToString()
    {
        using var writer = new StringWriter();
        _yaml.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
