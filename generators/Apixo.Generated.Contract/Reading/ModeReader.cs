using System;
using System.Collections.Generic;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>The input schema: the fields every mode shares, and each mode of x-apixo-modes with its own fields.</summary>
internal sealed class ModeReader
{
    private readonly SpecDocument _spec;
    private readonly FieldReader _fields;

    public ModeReader(SpecDocument spec, FieldReader fields)
    {
        _spec = spec;
        _fields = fields;
    }

    public (EquatableArray<FieldModel> Shared, EquatableArray<ModeModel> Modes) Read(string inputJson, string baseName, YamlMappingNode baseNode)
    {
        var discriminator = Child(baseNode, "discriminator") as YamlMappingNode;
        var discriminatorProperty = Scalar(Child(discriminator, "propertyName"));
        var mapping = Child(discriminator, "mapping") as YamlMappingNode;
        if (discriminatorProperty is null || mapping is null)
        {
            _spec.Report(ContractDiagnostics.IncompleteContract, baseNode, $"Input schema '{baseName}' needs a discriminator with a propertyName and a mapping of its modes.");
            return (EquatableArray<FieldModel>.Empty, EquatableArray<ModeModel>.Empty);
        }

        var shared = _fields.ReadAll(baseNode, "/" + inputJson + "/", skip: discriminatorProperty, ownerType: baseName);
        if (Child(baseNode, "x-apixo-modes") is not YamlSequenceNode modeList)
        {
            _spec.Report(ContractDiagnostics.IncompleteContract, baseNode, $"Input schema '{baseName}' has no x-apixo-modes list.");
            return (shared, EquatableArray<ModeModel>.Empty);
        }

        var modes = new List<ModeModel>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in modeList.Children)
        {
            var modeNode = Child(entry as YamlMappingNode, "mode");
            var schemaNode = Child(entry as YamlMappingNode, "schema");
            var mode = Scalar(modeNode);
            var schemaName = Scalar(schemaNode);
            if (mode is null || schemaName is null)
            {
                _spec.Report(ContractDiagnostics.IncompleteContract, entry, "Each x-apixo-modes entry needs a mode and a schema.");
                continue;
            }

            if (!listed.Add(mode))
            {
                _spec.Report(ContractDiagnostics.UnknownMode, modeNode, mode, "is listed twice");
                continue;
            }

            if (!Names.IsValidIdentifier(Names.Pascal(mode)))
            {
                _spec.Report(ContractDiagnostics.InvalidName, modeNode, $"Mode '{mode}' gives no valid C# name for its entry point ('{Names.Pascal(mode)}').");
                continue;
            }

            var mapped = Scalar(Child(mapping, mode));
            if (mapped is null)
            {
                _spec.Report(ContractDiagnostics.UnknownMode, modeNode, mode, $"is not in the discriminator mapping of {baseName}");
                continue;
            }

            if (Child(_spec.Schemas, schemaName) is not YamlMappingNode modeSchema)
            {
                _spec.Report(ContractDiagnostics.UnknownMode, schemaNode, mode, $"names schema '{schemaName}', which the contract does not define");
                continue;
            }

            if (mapped != SchemaRefPrefix + schemaName)
            {
                _spec.Report(ContractDiagnostics.UnknownMode, schemaNode, mode, $"names schema '{schemaName}', but the discriminator maps it to '{mapped}'");
                continue;
            }

            var parts = (Child(modeSchema, "allOf") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().ToList() ?? new List<YamlMappingNode>();
            if (!parts.Any(part => _spec.ResolveSchemaRef(part)?.Name == baseName))
            {
                _spec.Report(ContractDiagnostics.UnknownMode, schemaNode, mode, $"names schema '{schemaName}', which does not extend {baseName} through allOf");
                continue;
            }

            var fields = parts
                .Where(part => Child(part, "$ref") is null)
                .SelectMany(part => _fields.ReadAll(part, "/" + inputJson + "/", skip: discriminatorProperty, ownerType: schemaName))
                .ToEquatableArray();
            foreach (var repeated in fields.Where(field => shared.Any(s => s.Json == field.Json)))
            {
                _spec.Report(ContractDiagnostics.InvalidName, schemaNode, $"Mode '{mode}' declares '{repeated.Json}' again, which every mode already has.");
            }

            var builderName = (schemaName.EndsWith("Input", StringComparison.Ordinal) ? schemaName.Substring(0, schemaName.Length - "Input".Length) : schemaName) + "RequestBuilder";
            if (!Names.IsValidIdentifier(builderName) || builderName == "RequestBuilder" || modes.Any(m => m.BuilderName == builderName))
            {
                _spec.Report(ContractDiagnostics.InvalidName, schemaNode, $"Mode '{mode}' would get the builder name '{builderName}', which is invalid or taken.");
                continue;
            }

            modes.Add(new ModeModel(mode, schemaName, builderName, Scalar(Child(modeSchema, "description")) ?? $"The {mode} mode.", fields));
        }

        foreach (var mapped in mapping.Children)
        {
            if (Scalar(mapped.Key) is { } mode && !listed.Contains(mode))
            {
                _spec.Report(ContractDiagnostics.IncompleteContract, mapped.Key, $"The discriminator maps mode '{mode}', but x-apixo-modes does not list it: it would get no builder.");
            }
        }

        return (shared, modes.ToEquatableArray());
    }
}
