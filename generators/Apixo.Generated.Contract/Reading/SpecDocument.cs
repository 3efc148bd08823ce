using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Contract.Reading;

/// <summary>
/// The contract's YAML as the readers walk it: its root and component schemas, lookups that never throw, and the
/// diagnostics found so far, each pointing at its node's line.
/// </summary>
internal sealed class SpecDocument
{
    public const string SchemaRefPrefix = "#/components/schemas/";

    private static readonly EquatableArray<string> UnparsableAfterHere = new[] { "the YAML cannot be parsed after this point" }.ToEquatableArray();

    private readonly List<DiagnosticInfo> _diagnostics = new();

    private SpecDocument(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public YamlMappingNode Root { get; private set; } = new();

    /// <summary>components/schemas.</summary>
    public YamlMappingNode Schemas { get; private set; } = new();

    public EquatableArray<DiagnosticInfo> Diagnostics => _diagnostics.ToEquatableArray();

    /// <summary>
    /// Parses <paramref name="text"/>. The document is always returned, for its diagnostics; it is
    /// <paramref name="usable"/> only when it is one YAML mapping with components/schemas.
    /// </summary>
    public static SpecDocument Load(string path, string text, out bool usable)
    {
        var document = new SpecDocument(path);
        usable = document.Parse(text);
        return document;
    }

    private bool Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Report(ContractDiagnostics.IncompleteContract, null, "The contract is empty or is not a YAML mapping.");
                return false;
            }

            Root = root;
            if (stream.Documents.Count > 1)
            {
                Report(ContractDiagnostics.IncompleteContract, stream.Documents[1].RootNode, "The contract holds more than one YAML document; only one is allowed.");
                return false;
            }
        }
        catch (YamlException exception)
        {
            _diagnostics.Add(new DiagnosticInfo(ContractDiagnostics.YamlSyntaxError, new[] { exception.InnerException?.Message ?? exception.Message }.ToEquatableArray(), Path, Span(exception.Start, exception.End)));
            return false;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet gives up on some malformed input (an unclosed flow sequence) without a position:
            // point at the last event it could read.
            var at = parser.Current;
            _diagnostics.Add(new DiagnosticInfo(ContractDiagnostics.YamlSyntaxError, UnparsableAfterHere, Path, at is null ? null : Span(at.Start, at.End)));
            return false;
        }

        return true;
    }

    /// <summary>Finds components/schemas, or reports that the contract has none.</summary>
    public bool FindSchemas()
    {
        if (Child(Child(Root, "components") as YamlMappingNode, "schemas") is YamlMappingNode schemas)
        {
            Schemas = schemas;
            return true;
        }

        Report(ContractDiagnostics.IncompleteContract, Root, "The contract has no components/schemas.");
        return false;
    }

    /// <summary>The named schema a <c>$ref: '#/components/schemas/X'</c> points at; null when it is no such reference.</summary>
    public (string Name, YamlMappingNode Node)? ResolveSchemaRef(YamlNode? node)
    {
        var reference = Scalar(Child(node as YamlMappingNode, "$ref"));
        if (reference is null || !reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = reference.Substring(SchemaRefPrefix.Length);
        return Child(Schemas, name) is YamlMappingNode schema ? (name, schema) : null;
    }

    public string? RequiredScalar(YamlMappingNode map, string key, string owner)
    {
        var value = Scalar(Child(map, key));
        if (string.IsNullOrWhiteSpace(value))
        {
            Report(ContractDiagnostics.IncompleteContract, map, $"'{key}' is missing on {owner}.");
            return null;
        }

        return value;
    }

    /// <summary>A non-negative whole number at <paramref name="key"/>, null when absent; anything else is an APX004 that names <paramref name="owner"/>.</summary>
    public int? ReadCount(YamlMappingNode schema, string owner, string key)
    {
        var node = Child(schema, key);
        if (node is null)
        {
            return null;
        }

        if (int.TryParse(Scalar(node), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Report(ContractDiagnostics.UnsupportedConstraint, node, owner, $"{key} '{Scalar(node)}' is not a non-negative whole number.");
        return null;
    }

    public void Report(ContractDiagnostic descriptor, YamlNode? node, params string[] args) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor, args.ToEquatableArray(), Path, node is null ? null : Span(node.Start, node.End)));

    public static HashSet<string> RequiredSet(YamlMappingNode schema) =>
        new((Child(schema, "required") as YamlSequenceNode)?.Children.Select(Scalar).OfType<string>() ?? Enumerable.Empty<string>(), StringComparer.Ordinal);

    public static YamlNode? Child(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    private static SourceSpan Span(Mark start, Mark end) => new(
        (int)start.Line - 1,
        (int)start.Column - 1,
        (int)end.Line - 1,
        (int)end.Column - 1,
        (int)start.Index,
        (int)Math.Max(start.Index, end.Index));
}
