using System.Globalization;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    // minimum/maximum with OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum, multipleOf, read as exact decimals.
    // The DTO's type is NSwag's: double (no format, or double), float (float), decimal (decimal).
    private NumberFieldModel? ReadNumber(YamlMappingNode schema, string json, string property, string path, bool required)
    {
        decimal? Bound(string key)
        {
            if (Child(schema, key) is not { } node)
            {
                return null;
            }

            if (ParseDecimal(Scalar(node)) is { } value)
            {
                return value;
            }

            _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"{key} '{Scalar(node)}' is not a number the builders can hold exactly (a decimal).");
            return null;
        }

        var format = Scalar(Child(schema, "format"));
        var clrType = format switch
        {
            null or "double" => "double",
            "float" => "float",
            "decimal" => "decimal",
            _ => null,
        };
        if (clrType is null)
        {
            // Its DTO type is unknown: the field cannot be set at all.
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "format")!, json, $"format '{format}' of a number is not one the builders know (float, double, decimal).");
            return null;
        }

        var (minimum, maximum, multipleOf, exclusiveMinimum, exclusiveMaximum) = ReadNumericBounds(schema, json, Bound, value => Text(value));

        // A bound that cannot be read is reported and left out; the build fails on the report, so no client ships without it.
        return new NumberFieldModel(json, property, path, required, clrType, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf);
    }

    private static decimal? ParseDecimal(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
