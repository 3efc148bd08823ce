using System.Reflection;
using System.Text.RegularExpressions;
using Apixo.Generated.Tests.TestSupport;
using PublicApiGenerator;
using Snapshooter;
using Snapshooter.Xunit;

namespace Apixo.Generated.Tests.PublicApi;

/// <summary>
/// The public surface of each package, as C#, locked in a snapshot: a reviewer sees every surface change of a
/// contract change in the diff. Tool versions are scrubbed.
/// </summary>
public sealed partial class PublicApiSnapshotTests
{
    public static TheoryData<string> Packages() => new("Apixo.Generated", "Apixo.Generated.AspNetCore", "Apixo.Generated.Sandbox", "apixo");

    [Theory]
    [MemberData(nameof(Packages))]
    public void Public_surface_matches_its_snapshot(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });

        Assert.Contains("public", api, StringComparison.Ordinal);
        Snapshot.Match(
            GeneratedCodeVersion().Replace(api.ReplaceLineEndings("\n"), "$1\"<version>\")"),
            new SnapshotFullName(assemblyName + ".publicapi.snap", Path.Combine(EmbeddedFiles.TestProjectDirectory, "PublicApi")));
    }

    [GeneratedRegex(@"(GeneratedCode(?:Attribute)?\(""[^""]+"", )""[^""]+""\)")]
    private static partial Regex GeneratedCodeVersion();
}
