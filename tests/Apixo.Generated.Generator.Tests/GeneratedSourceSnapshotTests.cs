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
    public void The_real_contract_generates_every_file_with_no_diagnostic_and_compiles_clean_and_each_has_a_snapshot()
    {
        var run = RealRun.Value;
        Assert.Empty(run.Diagnostics);
        // Every generated file has a reviewed snapshot, and every snapshot a file: a new file cannot pass unread,
        // and a file the contract no longer makes leaves no stale snapshot behind.
        var snapshots = Directory.GetFiles(SnapshotDirectory(), "*.snap").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal);
        Assert.Equal(snapshots, run.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("GptImage2.RequestBuilder.g.cs", run.Sources.Keys);
        Assert.Empty(run.CompileDiagnostics());
    }

    [Theory]
    [MemberData(nameof(HintNames))]
    public void Generated_file_matches_its_snapshot(string hintName)
    {
        var run = RealRun.Value;
        Assert.Empty(run.CompileDiagnostics());
        var source = GeneratedCodeVersion().Replace(run.Sources[hintName].ReplaceLineEndings("\n"), "$1\"<version>\")");

        // Snapshooter would create a missing snapshot silently outside strict mode: a new file is written for review instead.
        var expected = Path.Combine(SnapshotDirectory(), hintName + ".snap");
        if (!File.Exists(expected))
        {
            var received = Path.Combine(SnapshotDirectory(), "__mismatch__", hintName + ".snap");
            Directory.CreateDirectory(Path.GetDirectoryName(received)!);
            File.WriteAllText(received, source, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Fail($"{hintName} has no snapshot. Its output is in {received}: read it, and move it to {expected} if it is right.");
        }

        Snapshot.Match(source, new SnapshotFullName(hintName + ".snap", ProjectDirectory()));
    }

    private static string SnapshotDirectory() => Path.Combine(ProjectDirectory(), "__snapshots__");

    private static string ProjectDirectory() =>
        typeof(GeneratedSourceSnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestProjectDirectory").Value!;

    [GeneratedRegex(@"(GeneratedCode\(""Apixo\.Generated\.Generator"", )""[^""]+""\)")]
    private static partial Regex GeneratedCodeVersion();
}
