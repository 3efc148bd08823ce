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
    private UriFieldModel ReadUri(YamlMappingNode schema, string json, string property, string path, bool required) =>
        new(json, property, path, required, ReadSchemes(schema, json));

    // ^scheme:// and ^https?:// are the patterns the builders understand on a URI; another is an APX004, and no scheme is checked.
    private EquatableArray<string> ReadSchemes(YamlMappingNode schema, string json)
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
        return EquatableArray<string>.Empty;
    }
}
