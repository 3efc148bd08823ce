using System;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    private static readonly EquatableArray<string> HttpSchemes = new[] { "http", "https" }.ToEquatableArray();

    // A string with format uri; a pattern may limit its scheme.
    private UriFieldModel? ReadUri(YamlMappingNode schema, string json, string property, string path, bool required)
    {
        var schemes = ReadSchemes(schema, json);
        return schemes is null ? null : new UriFieldModel(json, property, path, required, schemes.Value);
    }

    // An array: of URI strings only.
    private UriListFieldModel? ReadArray(YamlMappingNode schema, string json, string property, string path, bool required)
    {
        var items = Child(schema, "items") as YamlMappingNode;
        if (Scalar(Child(items, "type")) != "string" || Scalar(Child(items, "format")) != "uri")
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, items ?? (YamlNode)schema, json, "the builders support arrays of URI strings only.");
            return null;
        }

        var itemSchemes = ReadSchemes(items!, json);
        var (minItems, maxItems) = ReadBounds(schema, json, "minItems", "maxItems");
        return itemSchemes is null ? null : new UriListFieldModel(json, property, path, required, minItems, maxItems, itemSchemes.Value);
    }

    // ^scheme:// and ^https?:// are the patterns the builders understand on a URI.
    private EquatableArray<string>? ReadSchemes(YamlMappingNode schema, string json)
    {
        var patternNode = Child(schema, "pattern");
        if (patternNode is null)
        {
            return EquatableArray<string>.Empty;
        }

        var pattern = Scalar(patternNode) ?? string.Empty;
        if (pattern.StartsWith("^", StringComparison.Ordinal) && pattern.EndsWith("://", StringComparison.Ordinal))
        {
            var scheme = pattern.Substring(1, pattern.Length - 4);
            if (scheme == "https?")
            {
                return HttpSchemes;
            }

            if (scheme.Length > 0 && char.IsLetter(scheme[0]) && scheme.All(c => char.IsLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return new[] { scheme.ToLowerInvariant() }.ToEquatableArray();
            }
        }

        _spec.Report(ContractDiagnostics.UnsupportedConstraint, patternNode, json, $"pattern '{pattern}' cannot be enforced; the builders understand ^scheme:// and ^https?:// on URIs.");
        return null;
    }
}
