using System.Diagnostics;
using System.Reflection;

namespace Apixo.Generated.Generator.Tests.TestSupport;

/// <summary>
/// Runs NSwag exactly as the client's build does (the same tool, config and templates) on an edited contract, so the
/// generator's output for it compiles against the DTOs that contract really gets: the type NSwag gives a number or an
/// inline enum is NSwag's to decide, and a test must not type it in.
/// </summary>
internal static class NSwagRun
{
    private static readonly Dictionary<string, string> Metadata =
        typeof(NSwagRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);

    public static string Dtos(string contract)
    {
        var folder = Directory.CreateTempSubdirectory("apixo-nswag-");
        try
        {
            var spec = Path.Combine(folder.FullName, "contract.yaml");
            var output = Path.Combine(folder.FullName, "ApixoApi.g.cs");
            File.WriteAllText(spec, contract);
            var config = Metadata["NSwagConfig"];
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(config)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { Metadata["NSwagTool"], "run", config, $"/variables:Spec={spec},Output={output},Namespace=Apixo.Generated" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var log = process.StandardOutput.ReadToEnd() + error.Result;
            process.WaitForExit();
            Assert.True(process.ExitCode == 0 && File.Exists(output), $"NSwag failed ({process.ExitCode}):\n{log}");
            return File.ReadAllText(output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
