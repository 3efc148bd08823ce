using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

internal sealed partial class FieldReader
{
    // A string enum written in the field's own schema, with its x-enumNames like a named one. NSwag makes it a type named
    // after the owner and the property (GenerationInputImage_style), or after the property alone for an array's items.
    private EnumFieldModel? ReadInlineEnum(YamlMappingNode schema, string json, string property, string path, bool required, string typeHint)
    {
        Reject(schema, json, "const", "format", "pattern", "minLength", "maxLength", "not", "oneOf", "anyOf", "allOf");

        if (Names.NSwagPropertyName(json) is null || !Names.IsValidIdentifier(typeHint))
        {
            _spec.Report(ContractDiagnostics.InvalidName, schema, $"The inline enum of '{json}' would get a C# type name from NSwag that the generator cannot predict ('{typeHint}'). Make it a named schema and refer to it with $ref.");
            return null;
        }

        var model = _enums.ReadInline(typeHint, schema, json);
        return model is null ? null : new EnumFieldModel(json, property, path, required, model);
    }
}
