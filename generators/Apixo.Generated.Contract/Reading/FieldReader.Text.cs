using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    // A plain string: minLength, maxLength and a pattern. Only format uri is understood (see FieldReader.Uri.cs).
    private TextFieldModel ReadText(YamlMappingNode schema, string json, string property, string path, bool required)
    {
        if (Child(schema, "format") is { } format)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, format, json, $"format '{Scalar(format)}' is not enforced by the builders (only uri is).");
        }

        var pattern = Scalar(Child(schema, "pattern"));
        string? dotNetPattern = null;
        if (pattern is not null && (dotNetPattern = EcmaPattern.ToDotNet(pattern, out var problem)) is null)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "pattern")!, json, $"pattern '{pattern}' cannot be run as ECMAScript means it: {problem}.");
            pattern = null;
        }

        var (minLength, maxLength) = ReadBounds(schema, json, "minLength", "maxLength");
        return new TextFieldModel(json, property, path, required, minLength, maxLength, pattern, dotNetPattern);
    }
}
