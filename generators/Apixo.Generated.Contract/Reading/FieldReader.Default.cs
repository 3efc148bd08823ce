using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    // The contract's default, kept as text for the modes table (the CLI's help, and code that assumes it). The builders
    // never send it. A default that is no value of the field is a contract mistake the builders cannot describe: an APX004,
    // and the field is kept without it.
    private FieldModel ReadDefault(FieldModel field, YamlMappingNode schema, string json)
    {
        if (field is EnumFieldModel enumField)
        {
            return field with { Default = enumField.Enum.DefaultWire };
        }

        if (Child(schema, "default") is not { } node || node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "null" or "~" or "" })
        {
            return field;
        }

        string? text;
        if (field is ListFieldModel or UriListFieldModel)
        {
            var item = field is ListFieldModel list ? list.Item : new UriFieldModel(json, field.Property, field.Path, true, ((UriListFieldModel)field).Schemes);
            var items = (node as YamlSequenceNode)?.Children.Select(child => DefaultText(item, child)).ToList();
            text = items is null || items.Any(value => value is null) ? null : string.Join(", ", items);
        }
        else
        {
            text = DefaultText(field, node);
        }

        if (text is null)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"the default is not a value of the field ({Kind(field)}).");
            return field;
        }

        return field with { Default = text };
    }

    private static string? DefaultText(FieldModel field, YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { } value } scalar)
        {
            return null;
        }

        var quoted = scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain;
        switch (field)
        {
            case TextFieldModel:
                return value;
            case UriFieldModel:
                return Uri.TryCreate(value, UriKind.Absolute, out _) ? value : null;
            case BooleanFieldModel:
                return !quoted && value is "true" or "false" ? value : null;
            case EnumFieldModel e:
                return e.Enum.Members.Any(member => member.Wire == value) ? value : null;
            case IntegerFieldModel i when !quoted && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                return Within(whole, i.Minimum, i.Maximum, i.ExclusiveMinimum, i.ExclusiveMaximum) && (i.MultipleOf is not { } step || whole % step == 0) ? value : null;
            case NumberFieldModel n when !quoted && ParseDecimal(value) is { } number:
                return Within(number, n.Minimum, n.Maximum, n.ExclusiveMinimum, n.ExclusiveMaximum) && (n.MultipleOf is not { } by || number % by == 0) ? value : null;
            default:
                return null;
        }
    }

    private static bool Within<T>(T value, T? minimum, T? maximum, bool exclusiveMinimum, bool exclusiveMaximum)
        where T : struct, IComparable<T> =>
        (minimum is not { } min || (exclusiveMinimum ? value.CompareTo(min) > 0 : value.CompareTo(min) >= 0))
        && (maximum is not { } max || (exclusiveMaximum ? value.CompareTo(max) < 0 : value.CompareTo(max) <= 0));

    private static string Kind(FieldModel field) => field switch
    {
        TextFieldModel => "text",
        UriFieldModel => "an absolute URI",
        BooleanFieldModel => "true or false",
        IntegerFieldModel => "a whole number within its bounds",
        NumberFieldModel => "a number within its bounds",
        ListFieldModel or UriListFieldModel => "a list of its items",
        _ => "its kind",
    };
}
