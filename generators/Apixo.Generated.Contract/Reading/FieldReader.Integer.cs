using System.Globalization;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    // minimum/maximum with OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum, multipleOf; the DTO is an int,
    // or a long for format int64 (as NSwag generates it).
    private IntegerFieldModel? ReadInteger(YamlMappingNode schema, string json, string property, string path, bool required)
    {
        long? Bound(string key)
        {
            if (Child(schema, key) is not { } node)
            {
                return null;
            }

            if (long.TryParse(Scalar(node), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"{key} '{Scalar(node)}' is not a whole number.");
            return null;
        }

        var format = Scalar(Child(schema, "format"));
        if (format is not (null or "int32" or "int64"))
        {
            // Its DTO type is unknown: the field cannot be set at all.
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "format")!, json, $"format '{format}' of an integer is not one the builders know (int32, int64).");
            return null;
        }

        var (minimum, maximum, multipleOf, exclusiveMinimum, exclusiveMaximum) = ReadNumericBounds(schema, json, Bound, value => value.ToString(CultureInfo.InvariantCulture));

        // A bound that cannot be read is reported and left out; the build fails on the report, so no client ships without it.
        return new IntegerFieldModel(json, property, path, required, format == "int64" ? "long" : "int", minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf);
    }
}
