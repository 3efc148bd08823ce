using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    // A plain string: minLength and maxLength.
    private TextFieldModel ReadText(YamlMappingNode schema, string json, string property, string path, bool required)
    {
        if (Child(schema, "format") is { } format)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, format, json, $"format '{Scalar(format)}' is not enforced by the builders (only uri is).");
        }

        if (Child(schema, "pattern") is { } pattern)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, pattern, json, "a pattern on a plain string is not enforced by the builders.");
        }

        var (minLength, maxLength) = ReadBounds(schema, json, "minLength", "maxLength");
        return new TextFieldModel(json, property, path, required, minLength, maxLength);
    }
}
