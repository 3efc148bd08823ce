using Apixo.Generated.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Tests.Sandbox;

/// <summary>
/// The contract, edited in its YAML structure (not its text), for a sandbox started on it. Every lookup fails
/// loudly when the node it edits is not there, so an edit that did not apply never passes as a test.
/// </summary>
internal sealed class ContractEdit
{
    private readonly YamlStream _yaml = new();

    public ContractEdit()
    {
        using var reader = new StringReader(ContractDocument.Text);
        _yaml.Load(reader);
    }

    public YamlMappingNode Root => (YamlMappingNode)_yaml.Documents[0].RootNode;

    /// <summary>The mapping at a path of keys, which must exist.</summary>
    public YamlMappingNode Map(params string[] path)
    {
        YamlNode node = Root;
        foreach (var key in path)
        {
            Assert.True(node is YamlMappingNode mapping && mapping.Children.ContainsKey(new YamlScalarNode(key)), $"The contract has no '{key}' at {string.Join('.', path)}.");
            node = ((YamlMappingNode)node)[key];
        }

        return Assert.IsType<YamlMappingNode>(node);
    }

    public YamlMappingNode Schema(string name) => Map("components", "schemas", name);

    /// <summary>Replaces a scalar that must already be there; returns its old value.</summary>
    public string Set(YamlMappingNode mapping, string key, string value)
    {
        var old = Assert.IsType<YamlScalarNode>(mapping[key]).Value!;
        Assert.NotEqual(value, old);
        mapping.Children[new YamlScalarNode(key)] = new YamlScalarNode(value);
        return old;
    }

    public override string ToString()
    {
        using var writer = new StringWriter();
        _yaml.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}

/// <summary>Steps into a YAML mapping, failing when the key is not there.</summary>
internal static class YamlEditSteps
{
    public static YamlMappingNode Map(this YamlMappingNode node, string key)
    {
        Assert.True(node.Children.ContainsKey(new YamlScalarNode(key)), $"The contract has no '{key}' here (line {node.Start.Line}).");
        return Assert.IsType<YamlMappingNode>(node[key]);
    }
}
