using System.Collections.Generic;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>
/// The fields a builder sets: the schema's type picks the reader (one partial file per kind: text, URI, integer,
/// number, boolean, enum, array), then <c>nullable</c> and <c>default</c> are read alike for all. A rule the builders
/// cannot enforce is an APX004 on its line; the field is still emitted without that rule (or left out, when its type
/// cannot be set at all), and nothing else is affected.
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

    /// <summary>
    /// The properties of <paramref name="schema"/> but <paramref name="skip"/> (the discriminator).
    /// <paramref name="ownerType"/> is the C# class that holds them, after which NSwag names an inline enum.
    /// </summary>
    public EquatableArray<FieldModel> ReadAll(YamlMappingNode schema, string pathPrefix, string skip, string ownerType)
    {
        var required = RequiredSet(schema);
        var fields = new List<FieldModel>();
        if (Child(schema, "properties") is YamlMappingNode properties)
        {
            foreach (var property in properties.Children)
            {
                var json = Scalar(property.Key)!;
                if (json != skip && Read(json, property.Value, pathPrefix + json.Replace("~", "~0").Replace("/", "~1"), required.Contains(json), ownerType) is { } field)
                {
                    fields.Add(field);
                }
            }
        }

        return fields.ToEquatableArray();
    }

    public FieldModel? Read(string json, YamlNode node, string path, bool required, string ownerType)
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

        // OpenAPI 3.0 ignores the siblings of a $ref: a nullable or default there would be a rule only our code saw.
        if (Child(schema, "$ref") is not null)
        {
            if (Child(schema, "nullable") is { } ignored)
            {
                _spec.Report(ContractDiagnostics.UnsupportedConstraint, ignored, json, "nullable beside a $ref is ignored by OpenAPI 3.0 (and so by NSwag and the sandbox); the builders cannot honour it.");
            }

            var target = _enums.ReadRef(schema, json);
            return target is null
                ? null
                : new EnumFieldModel(json, property, path, required, target) { Description = Description(schema), Default = target.DefaultWire };
        }

        var field = ReadValue(schema, json, property, path, required, ownerType, typeHint: ownerType + Names.NSwagPropertyName(json));
        return field is null ? null : ReadDefault(field with { Description = Description(schema), Nullable = ReadNullable(schema, json) }, schema, json);
    }

    /// <summary>
    /// One value of a kind the builders can set: a field, or the items of an array. An inline enum is named
    /// <paramref name="typeHint"/>, as NSwag names it (the owner's name and the property's for a field, the
    /// property's alone for an array's items).
    /// </summary>
    private FieldModel? ReadValue(YamlMappingNode schema, string json, string property, string path, bool required, string ownerType, string typeHint)
    {
        var type = Scalar(Child(schema, "type"));
        switch (type)
        {
            case "string" or null when Child(schema, "enum") is not null:
                return ReadInlineEnum(schema, json, property, path, required, typeHint);

            case "integer":
                Reject(schema, json, "enum", "const", "not", "oneOf", "anyOf", "allOf");
                return ReadInteger(schema, json, property, path, required);

            case "number":
                Reject(schema, json, "enum", "const", "not", "oneOf", "anyOf", "allOf");
                return ReadNumber(schema, json, property, path, required);

            case "boolean":
                Reject(schema, json, "enum", "const", "not", "oneOf", "anyOf", "allOf");
                return new BooleanFieldModel(json, property, path, required);

            case "string" when Scalar(Child(schema, "format")) == "uri":
                Reject(schema, json, "const", "minLength", "maxLength", "not", "oneOf", "anyOf", "allOf");
                return ReadUri(schema, json, property, path, required);

            case "string":
                Reject(schema, json, "const", "not", "oneOf", "anyOf", "allOf");
                return ReadText(schema, json, property, path, required);

            case "array":
                Reject(schema, json, "enum", "const", "contains", "not", "oneOf", "anyOf", "allOf");
                return ReadArray(schema, json, property, path, required, ownerType);

            default:
                _spec.Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "type") ?? schema, json, $"type '{type ?? "(none)"}' cannot be set by a builder.");
                return null;
        }
    }

    private bool ReadNullable(YamlMappingNode schema, string json)
    {
        var node = Child(schema, "nullable");
        if (node is not null && Scalar(node) is not ("true" or "false"))
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"nullable '{Scalar(node)}' is not true or false.");
        }

        return Scalar(node) == "true";
    }

    private string Description(YamlMappingNode schema) =>
        Scalar(Child(schema, "description")) ?? Scalar(Child(_spec.ResolveSchemaRef(schema)?.Node, "description")) ?? string.Empty;

    // Keywords that would constrain a value of this kind but that the builders do not enforce: each is an APX004. The
    // field is still emitted without the rule (the error fails the build, so no client ships without it), so that code
    // which sets the field shows this diagnostic alone, not a cascade.
    private void Reject(YamlMappingNode schema, string json, params string[] unsupported)
    {
        foreach (var keyword in unsupported)
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

    // OpenAPI 3.0's exclusiveMinimum/exclusiveMaximum: true or false, beside the bound it makes strict. A number there
    // is OpenAPI 3.1's form, which this 3.0 contract's readers (NSwag, the sandbox) would take differently.
    private bool ReadExclusive(YamlMappingNode schema, string json, string key, string bound)
    {
        if (Child(schema, key) is not { } node)
        {
            return false;
        }

        var value = Scalar(node);
        if (value is not ("true" or "false"))
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"{key} '{value}' is not true or false (OpenAPI 3.0 writes the bound in {bound} and makes it strict with {key}: true).");
            return false;
        }

        if (value == "true" && Child(schema, bound) is null)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"{key} is true but there is no {bound} to make strict.");
        }

        return value == "true";
    }
}
