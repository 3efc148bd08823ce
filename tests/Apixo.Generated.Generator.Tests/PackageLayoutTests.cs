using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;

namespace Apixo.Generated.Generator.Tests;

/// <summary>The generator packs as an analyzer with its YAML parser beside it, and nothing in lib/.</summary>
public sealed class PackageLayoutTests
{
    [Fact]
    public void The_package_carries_the_generator_and_YamlDotNet_in_the_analyzer_folder()
    {
        var metadata = typeof(PackageLayoutTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
        var output = Directory.CreateTempSubdirectory("apixo-pack-");
        try
        {
            var pack = Process.Start(new ProcessStartInfo("dotnet", ["pack", metadata["GeneratorProject"], "-c", metadata["BuildConfiguration"], "--no-build", "--no-restore", "-o", output.FullName, "-v:q", "--nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var log = pack.StandardOutput.ReadToEnd() + pack.StandardError.ReadToEnd();
            pack.WaitForExit();
            Assert.True(pack.ExitCode == 0, log);

            using var package = ZipFile.OpenRead(Assert.Single(output.GetFiles("*.nupkg")).FullName);
            var entries = package.Entries.Select(entry => entry.FullName).ToList();

            Assert.Contains("analyzers/dotnet/cs/Apixo.Generated.Generator.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/YamlDotNet.dll", entries);
            Assert.Contains("build/Apixo.Generated.Generator.props", entries);
            Assert.Contains("buildTransitive/Apixo.Generated.Generator.props", entries);
            Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal));

            using var nuspec = new StreamReader(package.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = nuspec.ReadToEnd();
            Assert.DoesNotContain("YamlDotNet", manifest, StringComparison.Ordinal);
            Assert.Contains("<developmentDependency>true</developmentDependency>", manifest, StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
