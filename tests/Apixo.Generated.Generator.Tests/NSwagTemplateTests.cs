using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Serialization;
using Apixo.Generated.Generator.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Apixo.Generated.Generator.Tests;

/// <summary>
/// NSwag's templates (generators/nswag), run as the client's build runs them, compiled with our generator and
/// System.Text.Json's: what a contract change does to the DTOs and to the JSON context's list of types, which
/// the file template renders because System.Text.Json's generator never sees another generator's output.
/// </summary>
public sealed class NSwagTemplateTests
{
    [Fact]
    public void The_JSON_context_lists_every_type_NSwag_generates_and_nothing_else()
    {
        // The client's own build output: every class, struct and enum of the contract's namespace, less the enums' converters.
        var root = CSharpSyntaxTree.ParseText(GeneratorHarness.Read("support/ApixoApi.g.cs")).GetRoot();
        var generated = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Single(ns => ns.Name.ToString() == "Apixo.Generated")
            .Members.Where(member => member is ClassDeclarationSyntax or StructDeclarationSyntax or EnumDeclarationSyntax)
            .Cast<BaseTypeDeclarationSyntax>()
            .Where(type => !type.Identifier.Text.EndsWith("JsonConverter", StringComparison.Ordinal))
            .Select(type => "global::Apixo.Generated." + type.Identifier.Text)
            .Order(StringComparer.Ordinal);

        var context = Assert.Single(root.DescendantNodes().OfType<ClassDeclarationSyntax>(), type => type.Identifier.Text == "ApixoJsonContext");
        var listed = context.AttributeLists.SelectMany(list => list.Attributes)
            .Where(attribute => attribute.Name.ToString().EndsWith("JsonSerializable", StringComparison.Ordinal))
            .Select(attribute => ((TypeOfExpressionSyntax)attribute.ArgumentList!.Arguments.Single().Expression).Type.ToString())
            .Order(StringComparer.Ordinal);

        Assert.Contains("global::Apixo.Generated.TaskStatusResponse", generated);
        Assert.Equal(generated, listed);
    }

    [Fact]
    public async Task A_new_operations_response_type_serializes_through_the_JSON_context()
    {
        var yaml = new ContractYaml();
        ContractYaml.Add(ContractYaml.At(yaml.Root, "paths"), "/cancelTask/gpt-image-2", """
            post:
              operationId: CancelTask
              tags: [gpt-image-2]
              summary: Cancel a task that has not started.
              parameters:
                - name: taskId
                  in: query
                  required: true
                  schema: { type: string, minLength: 1 }
              responses:
                '200':
                  description: The task was cancelled.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/CancelTaskResponse' }
                '404': { $ref: '#/components/responses/NotFound' }
            """);
        var schemas = ContractYaml.At(yaml.Root, "components", "schemas");
        ContractYaml.Add(schemas, "CancelTaskResponse", """
            type: object
            required: [code, data]
            properties:
              code: { type: integer, format: int32 }
              data: { $ref: '#/components/schemas/CancelledTask' }
            """);
        ContractYaml.Add(schemas, "CancelledTask", """
            type: object
            required: [taskId, refund]
            properties:
              taskId: { type: string }
              refund: { type: number, format: decimal }
            """);
        var contract = yaml.ToString();

        var dtos = await NSwagTool.GenerateAsync(contract);
        Assert.Contains("CancelTaskAsync(", dtos, StringComparison.Ordinal);
        var run = new GeneratorHarness(
            contract,
            sources: [("support/ApixoApi.g.cs", dtos), ("ApixoJsonContext.cs", GeneratorHarness.Read("nswag/ApixoJsonContext.cs"))],
            otherGenerators: [JsonSourceGenerator()]).Run();
        Assert.Empty(run.CompileDiagnostics());

        var loaded = new AssemblyLoadContext("edited-contract", isCollectible: true);
        try
        {
            using var image = new MemoryStream();
            var emitted = run.Output.Emit(image);
            Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics));
            image.Position = 0;
            var client = loaded.LoadFromStream(image);
            var context = (JsonSerializerContext)client.GetType("Apixo.Generated.Serialization.ApixoJsonContext", throwOnError: true)!
                .GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

            var info = context.GetTypeInfo(client.GetType("Apixo.Generated.CancelTaskResponse", throwOnError: true)!);
            Assert.NotNull(info);
            const string Json = """{"code":200,"data":{"taskId":"task_abc123","refund":0.04}}""";
            Assert.Equal(Json, JsonSerializer.Serialize(JsonSerializer.Deserialize(Json, info), info));
        }
        finally
        {
            loaded.Unload();
        }
    }

    // The System.Text.Json generator the client's net8.0 build runs (from the System.Text.Json package).
    private static ISourceGenerator JsonSourceGenerator() =>
        Assert.Single(new AnalyzerFileReference(BuildMetadata.Of("JsonSourceGenerator"), new AnalyzerLoader()).GetGenerators(LanguageNames.CSharp));

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
