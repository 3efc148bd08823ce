using System;
using Apixo.Generated.Contract.Diagnostics;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    // The bounds an integer and a number share: minimum and maximum (in order), a positive multipleOf, and OpenAPI 3.0's
    // boolean exclusive forms. bound reads one keyword as T (reporting what it cannot read); text writes a value back.
    private (T? Minimum, T? Maximum, T? MultipleOf, bool ExclusiveMinimum, bool ExclusiveMaximum) ReadNumericBounds<T>(
        YamlMappingNode schema, string json, Func<string, T?> bound, Func<T, string> text)
        where T : struct, IComparable<T>
    {
        var minimum = bound("minimum");
        var maximum = bound("maximum");
        if (minimum is { } low && maximum is { } high && low.CompareTo(high) > 0)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "minimum")!, json, $"minimum {text(low)} is above maximum {text(high)}.");
        }

        var multipleOf = bound("multipleOf");
        if (multipleOf is { } step && step.CompareTo(default) <= 0)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "multipleOf")!, json, $"multipleOf {text(step)} is not above 0.");
            multipleOf = null;
        }

        return (minimum, maximum, multipleOf, ReadExclusive(schema, json, "exclusiveMinimum", "minimum"), ReadExclusive(schema, json, "exclusiveMaximum", "maximum"));
    }
}
