using System.Diagnostics;

namespace Apixo.Generated.Generator.Tests.TestSupport;

/// <summary>
/// Runs NSwag the way the client's build does (generators/nswag/Apixo.NSwag.targets: the same tool, config and
/// templates), on a contract given as text, and returns the file it generates.
/// </summary>
internal static class NSwagTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<string> GenerateAsync(string contract)
    {
        var directory = Directory.CreateTempSubdirectory("apixo-nswag-");
        try
        {
            var spec = Path.Combine(directory.FullName, "contract.yaml");
            var output = Path.Combine(directory.FullName, "ApixoApi.g.cs");
            await File.WriteAllTextAsync(spec, contract);

            var config = BuildMetadata.Of("NSwagConfig");
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(config)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { BuildMetadata.Of("NSwagTool"), "run", config, $"/variables:Spec={spec},Output={output},Namespace=Apixo.Generated" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("NSwag did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0 && File.Exists(output), $"NSwag failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            return await File.ReadAllTextAsync(output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
