using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    // An array of one kind the builders can set (URIs, text, integers, numbers, booleans, enum values), with minItems,
    // maxItems and uniqueItems; each item keeps its own rules. Arrays of arrays or objects, and null items, cannot be built.
    private FieldModel? ReadArray(YamlMappingNode schema, string json, string property, string path, bool required, string ownerType)
    {
        if (Child(schema, "items") is not YamlMappingNode items)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "items") ?? schema, json, "an array needs an items schema for the builders to set it.");
            return null;
        }

        var unique = Scalar(Child(schema, "uniqueItems"));
        if (unique is not (null or "true" or "false"))
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "uniqueItems")!, json, $"uniqueItems '{unique}' is not true or false.");
        }

        if (Child(items, "nullable") is { } nullableItem && Scalar(nullableItem) == "true")
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, nullableItem, json, "null items cannot be added by the builders.");
            return null;
        }

        if (Scalar(Child(items, "type")) == "array")
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(items, "type")!, json, "the builders support arrays of strings, URIs, integers, numbers, booleans and enums, not arrays of arrays.");
            return null;
        }

        // NSwag names an inline enum of an array's items after the property alone.
        var item = Child(items, "$ref") is not null
            ? (_enums.ReadRef(items, json) is { } referenced ? new EnumFieldModel(json, property, path, true, referenced) : null)
            : ReadValue(items, json, property, path, required: true, ownerType, typeHint: Names.NSwagPropertyName(json) ?? string.Empty);
        if (item is null)
        {
            return null;
        }

        var (minItems, maxItems) = ReadBounds(schema, json, "minItems", "maxItems");
        var uniqueItems = unique == "true";
        return item switch
        {
            UriFieldModel uri => new UriListFieldModel(json, property, path, required, minItems, maxItems, uri.Schemes, uniqueItems),
            _ => new ListFieldModel(json, property, path, required, item, minItems, maxItems, uniqueItems),
        };
    }
}
