using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Reading;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Cli.Contract;

/// <summary>One finding of <c>apixo contract lint</c>.</summary>
internal sealed record LintFinding(string Id, int? Line, string Message);

/// <summary>
/// The generator's own diagnostics (what it would report at build time), plus completeness rules: every body
/// has an example, every operation documents its errors, every enum names its C# members; and no schema keyword
/// stands where it means nothing (<see cref="SchemaKeywordLint"/>).
/// </summary>
internal static class ContractLint
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static IReadOnlyList<LintFinding> Run(string path, string yaml)
    {
        var findings = ContractReader.Read(path, yaml).Diagnostics
            .Select(info => new LintFinding(info.Id, info.Span is { } span ? span.StartLine + 1 : null, info.Message))
            .ToList();
        if (findings.Any(f => f.Id == ContractDiagnostics.YamlSyntaxError.Id))
        {
            return findings;
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = stream.Documents[0].RootNode;
        foreach (var (pathNode, item) in Pairs(Child(root, "paths")))
        {
            foreach (var method in Methods)
            {
                if (Child(item, method) is not YamlMappingNode operation)
                {
                    continue;
                }

                var where = $"{method.ToUpperInvariant()} {(pathNode as YamlScalarNode)?.Value}";
                if (Child(Child(operation, "requestBody"), "content") is YamlMappingNode requestContent && !HasExample(requestContent))
                {
                    findings.Add(new("LINT001", Line(requestContent), $"{where}: the request body has no example."));
                }

                var responses = Child(operation, "responses") as YamlMappingNode;
                foreach (var (status, response) in Pairs(responses))
                {
                    var resolved = Resolve(root, response);
                    if (Child(resolved, "content") is YamlMappingNode content && !HasExample(content))
                    {
                        findings.Add(new("LINT001", Line(response), $"{where}: response {(status as YamlScalarNode)?.Value} has no example."));
                    }
                }

                if (!(responses?.Children.Keys.Any(k => (k as YamlScalarNode)?.Value is { } code && (code.StartsWith('4') || code.StartsWith('5'))) ?? false))
                {
                    findings.Add(new("LINT002", Line(operation), $"{where}: no error response is documented."));
                }
            }
        }

        foreach (var (name, schema) in Pairs(Child(Child(root, "components"), "schemas")))
        {
            if (Child(schema, "enum") is not null && Child(schema, "x-enumNames") is null)
            {
                findings.Add(new("LINT003", Line(schema), $"enum {(name as YamlScalarNode)?.Value} has no x-enumNames: its C# member names would be made up."));
            }
        }

        findings.AddRange(SchemaKeywordLint.Find(root));
        return findings;
    }

    private static bool HasExample(YamlMappingNode content) =>
        content.Children.Values.All(media => Child(media, "example") is not null || Child(media, "examples") is YamlMappingNode { Children.Count: > 0 });

    private static YamlNode? Resolve(YamlNode root, YamlNode? node)
    {
        if ((Child(node, "$ref") as YamlScalarNode)?.Value is not { } reference)
        {
            return node;
        }

        return reference.TrimStart('#', '/').Split('/').Aggregate((YamlNode?)root, Child);
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Pairs(YamlNode? node) =>
        (node as YamlMappingNode)?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>();

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
}
