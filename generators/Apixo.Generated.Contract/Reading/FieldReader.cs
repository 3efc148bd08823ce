using System.Collections.Generic;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>
/// The fields a builder sets: the schema's kind picks the reader (one partial file per kind), and a rule the
/// builders cannot enforce is an APX004 on its line that leaves the field out.
/// </summary>
internal sealed partial class FieldReader
{
    private readonly SpecDocument _spec;
    private readonly EnumReader _enums;

    public FieldReader(SpecDocument spec, EnumReader enums)
    {
        _spec = spec;
        _enums = enums;
    }

    /// <summary>The properties of <paramref name="schema"/> but <paramref name="skip"/> (the discriminator).</summary>
    public EquatableArray<FieldModel> ReadAll(YamlMappingNode schema, string pathPrefix, string skip)
    {
        var required = RequiredSet(schema);
        var fields = new List<FieldModel>();
        if (Child(schema, "properties") is YamlMappingNode properties)
        {
            foreach (var property in properties.Children)
            {
                var json = Scalar(property.Key)!;
                if (json != skip && Read(json, property.Value, pathPrefix + json.Replace("~", "~0").Replace("/", "~1"), required.Contains(json)) is { } field)
                {
                    fields.Add(field);
                }
            }
        }

        return fields.ToEquatableArray();
    }

    public FieldModel? Read(string json, YamlNode node, string path, bool required) =>
        ReadShape(json, node, path, required) is { } field
            ? field with { Description = Scalar(Child(node as YamlMappingNode, "description")) ?? Scalar(Child(_spec.ResolveSchemaRef(node)?.Node, "description")) ?? string.Empty }
            : null;

    private FieldModel? ReadShape(string json, YamlNode node, string path, bool required)
    {
        var property = Names.Pascal(json);
        if (!Names.IsValidIdentifier(property))
        {
            _spec.Report(ContractDiagnostics.InvalidName, node, $"Property '{json}' gives no valid C# name ('{property}').");
            return null;
        }

        if (node is not YamlMappingNode schema)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, "the property is not a schema object.");
            return null;
        }

        if (Child(schema, "$ref") is not null)
        {
            var target = _enums.ReadRef(schema, json);
            return target is null ? null : new EnumFieldModel(json, property, path, required, target);
        }

        var type = Scalar(Child(schema, "type"));
        RejectUnsupportedKeywords(schema, json, type is "integer" ? ["enum", "const", "uniqueItems", "not", "oneOf", "anyOf"] : ["enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems", "not", "oneOf", "anyOf"]);
        switch (type)
        {
            case "integer":
                return ReadInteger(schema, json, property, path, required);

            case "boolean":
                return new BooleanFieldModel(json, property, path, required);

            case "string" when Scalar(Child(schema, "format")) == "uri":
                return ReadUri(schema, json, property, path, required);

            case "string":
                return ReadText(schema, json, property, path, required);

            case "array":
                return ReadArray(schema, json, property, path, required);

            default:
                _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "type") ?? schema, json, $"type '{Scalar(Child(schema, "type")) ?? "(none)"}' cannot be set by a builder.");
                return null;
        }
    }

    private void RejectUnsupportedKeywords(YamlMappingNode schema, string json, params string[] keywords)
    {
        foreach (var keyword in keywords)
        {
            if (Child(schema, keyword) is { } node)
            {
                _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"'{keyword}' is not enforced by the builders.");
            }
        }
    }

    private (int? Min, int? Max) ReadBounds(YamlMappingNode schema, string json, string minKey, string maxKey)
    {
        var min = _spec.ReadCount(schema, json, minKey);
        var max = _spec.ReadCount(schema, json, maxKey);
        if (min is { } low && max is { } high && low > high)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, minKey)!, json, $"{minKey} {low} is greater than {maxKey} {high}: no value could pass.");
        }

        return (min, max);
    }
}
