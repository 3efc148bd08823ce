using Apixo.Generated.Serialization;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Wire;

public sealed class JsonContextCoverageTests
{
    [Fact]
    public void Every_schema_of_the_contract_has_a_generated_type_and_source_generated_metadata()
    {
        var assembly = typeof(ApixoJsonContext).Assembly;
        var missing = new List<string>();
        foreach (var (name, schema) in ContractDocument.Document.Components.Schemas)
        {
            // A string schema without an enum (FailCode) is a plain string in C#.
            if (schema.Type == "string" && schema.Enum.Count == 0)
            {
                continue;
            }

            var type = assembly.GetType($"{typeof(ApixoJsonContext).Namespace![..^".Serialization".Length]}.{name}");
            if (type is null || ApixoJsonContext.Default.GetTypeInfo(type) is null)
            {
                missing.Add(name);
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void No_generated_type_has_a_numbered_name()
    {
        // Only NSwag names types after schemas; the Roslyn generator's GptImage2 is named after the model.
        var numbered = typeof(ApixoJsonContext).Assembly.GetExportedTypes()
            .Where(type => type.GetCustomAttributes(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute), false)
                .Cast<System.CodeDom.Compiler.GeneratedCodeAttribute>().Any(attribute => attribute.Tool == "NSwag"))
            .Select(type => (type.FullName, Name: type.Name.Split('`')[0]))
            .Where(type => char.IsDigit(type.Name[^1]))
            .Select(type => type.FullName);
        Assert.Empty(numbered);
        Assert.Contains(typeof(TaskStatusData), typeof(ApixoJsonContext).Assembly.GetExportedTypes());
    }
}
