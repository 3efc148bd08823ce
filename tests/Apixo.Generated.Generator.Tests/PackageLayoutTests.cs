using System.Diagnostics;
using System.Reflection;

namespace Apixo.Generated.Generator.Tests;

/// <summary>
/// The generator is not a package (its output needs the client's internal types and NSwag templates that ship
/// nowhere: see its README), and inside the repository it loads as an analyzer with its YAML parser beside it.
/// </summary>
public sealed class PackageLayoutTests
{
    private static readonly Dictionary<string, string> Metadata =
        typeof(PackageLayoutTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);

    [Fact]
    public void Packing_the_generator_makes_no_package()
    {
        var output = Directory.CreateTempSubdirectory("apixo-pack-");
        try
        {
            var (exitCode, log) = Dotnet("pack", Metadata["GeneratorProject"], "-c", Metadata["BuildConfiguration"], "--no-build", "--no-restore", "-o", output.FullName, "-v:q", "--nologo");

            Assert.True(exitCode == 0, log);
            Assert.Empty(output.GetFiles("*.nupkg", SearchOption.AllDirectories));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_project_that_references_the_generator_as_an_analyzer_also_loads_YamlDotNet()
    {
        var (exitCode, log) = Dotnet("msbuild", Metadata["GeneratorProject"], "-t:GetTargetPath", "-getTargetResult:GetTargetPath", $"-p:Configuration={Metadata["BuildConfiguration"]}", "-nologo");

        Assert.True(exitCode == 0, log);
        Assert.Contains("Apixo.Generated.Generator.dll", log, StringComparison.Ordinal);
        Assert.Contains("YamlDotNet.dll", log, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Log) Dotnet(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        var log = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        return (process.ExitCode, log);
    }
}
