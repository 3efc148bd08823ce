using Apixo.Generated.Cli.Surface;
using Apixo.Generated.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Apixo.Generated.Tests.Surface;

/// <summary>
/// The client that <c>contract diff</c> generates in process is the one the build generates: NSwag's file byte for
/// byte, a compilation without errors, and the public surface of the package the build made.
/// </summary>
public sealed class GeneratedClientTests
{
    private static readonly Lazy<Task<GeneratedClient>> RealContract = new(() =>
        GeneratedSurface.GenerateAsync(ContractDocument.Text, SurfaceSide.New, CancellationToken.None));

    [Fact]
    public async Task NSwag_in_process_writes_the_builds_own_file_byte_for_byte()
    {
        var client = await RealContract.Value;

        Assert.Empty(client.Diagnostics);
        // obj/nswag/ApixoApi.g.cs of this build, embedded unscrubbed: versions and all.
        var built = EmbeddedFiles.Read(EmbeddedFiles.GeneratedPrefix + "ApixoApi.g.cs");
        Assert.Contains("NSwag v14.", built, StringComparison.Ordinal);
        Assert.Equal(built, client.NSwagSource);
    }

    [Fact]
    public async Task The_client_compiled_in_memory_has_no_error_even_in_method_bodies()
    {
        var client = await RealContract.Value;
        var (compilation, generatorDiagnostics, _) = ClientCompilation.Compile(client.NSwagSource!, ContractDocument.Text, "/contract/gpt-image-2.yaml", CancellationToken.None);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        // Both generators ran: ours (builders, tables) and System.Text.Json's (the context's metadata).
        Assert.Contains("GptImage2.TextToImageRequestBuilder.g.cs", client.GeneratedFiles);
        Assert.Contains("ApixoJsonContext.TaskStatusResponse.g.cs", client.GeneratedFiles);
        // The hand-written halves of generated types, and the internal support the generated code calls.
        Assert.Equal(
            ["ApixoJsonContext.cs", "ApixoValidationError.cs", "ApixoValidationException.cs", "ContractPattern.cs", "ContractRules.cs", "FailCode.cs", "ImplicitUsings.g.cs", "TaskStatusData.Result.cs"],
            ClientCompilation.HandWrittenSources.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_surface_of_the_real_contract_is_the_built_packages_to_the_member()
    {
        var client = await RealContract.Value;

        // The Apixo.Generated.dll this test runs against, read by the same extraction.
        var package = MetadataReference.CreateFromFile(typeof(ApixoClient).Assembly.Location);
        var probe = CSharpCompilation.Create("probe", references: ClientCompilation.FrameworkReferences.Add(package));
        var built = PublicSurface.Of((IAssemblySymbol)probe.GetAssemblyOrModuleSymbol(package)!);

        Assert.Contains("Apixo.Generated.IApixoApi", client.Surface!.Keys);
        Assert.Contains("Apixo.Generated.GptImage2", client.Surface.Keys);
        Assert.Contains("Apixo.Generated.Serialization.ApixoJsonContext", client.Surface.Keys);
        foreach (var (name, type) in client.Surface)
        {
            Assert.True(built.TryGetValue(name, out var real), $"The package has no public {name}.");
            Assert.Equal(real.Declaration, type.Declaration);
            Assert.Equal(real.Members.Select(member => member.Declaration), type.Members.Select(member => member.Declaration));
        }
    }
}
