using System.Reflection;
using System.Text.RegularExpressions;
using Apixo.Generated.Generator.Tests.TestSupport;
using Snapshooter;
using Snapshooter.Xunit;

namespace Apixo.Generated.Generator.Tests;

/// <summary>Locks every file the generator emits from the real contract, one snapshot per hint name.</summary>
public sealed partial class GeneratedSourceSnapshotTests
{
    private static readonly Lazy<GeneratorRun> RealRun = new(() => new GeneratorHarness(GeneratorHarness.RealContract).Run());

    public static TheoryData<string> HintNames() => new(RealRun.Value.Sources.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_real_contract_generates_every_file_with_no_diagnostic_and_compiles_clean()
    {
        var run = RealRun.Value;
        Assert.Empty(run.Diagnostics);
        Assert.Equal(
            [
                "GptImage2.FailCode.g.cs", "GptImage2.HttpErrors.g.cs", "GptImage2.ImageToImageRequestBuilder.g.cs", "GptImage2.Polling.g.cs",
                "GptImage2.Pricing.g.cs", "GptImage2.RequestBuilder.g.cs", "GptImage2.TextToImageRequestBuilder.g.cs", "GptImage2.g.cs",
            ],
            run.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(run.CompileDiagnostics());
    }

    [Theory]
    [MemberData(nameof(HintNames))]
    public void Generated_file_matches_its_snapshot(string hintName)
    {
        var run = RealRun.Value;
        Assert.Empty(run.CompileDiagnostics());
        var source = GeneratedCodeVersion().Replace(run.Sources[hintName].ReplaceLineEndings("\n"), "$1\"<version>\")");

        Snapshot.Match(source, new SnapshotFullName(hintName + ".snap", ProjectDirectory()));
    }

    private static string ProjectDirectory() =>
        typeof(GeneratedSourceSnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestProjectDirectory").Value!;

    [GeneratedRegex(@"(GeneratedCode\(""Apixo\.Generated\.Generator"", )""[^""]+""\)")]
    private static partial Regex GeneratedCodeVersion();
}
