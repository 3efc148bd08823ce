using System.Diagnostics;
using Apixo.Generated.Cli.Surface;
using Apixo.Generated.Generator.Tests.TestSupport;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The generated-surface comparison of <c>apixo contract diff</c> (the real contract against an edited one): cold,
/// as a user meets it (a fresh process, NSwag and Roslyn loaded and JIT-compiled on the way), and warm, in the same
/// process. Each cold run is a child process of its own. Prints every run and the medians.
/// </summary>
internal static class SurfaceBenchmark
{
    private const int WarmRuns = 5;

    public static void Run(int processes)
    {
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        var cold = new List<double>();
        var warm = new List<double>();
        var sequential = new List<double>();
        for (var i = 0; i < processes; i++)
        {
            var line = RunChild();
            Console.WriteLine($"  process {i + 1}: {line}");
            var numbers = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => double.TryParse(word, System.Globalization.CultureInfo.InvariantCulture, out _)).Select(word => double.Parse(word, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            cold.Add(numbers[0]);
            warm.AddRange(numbers.Skip(1).Take(WarmRuns));
            sequential.AddRange(numbers.Skip(1 + WarmRuns));
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine($"Generated-surface comparison (both contracts generated and compiled, then compared), {processes} processes:");
        Console.WriteLine($"  cold, first call of a process : median {Median(cold),7:F0} ms (min {cold.Min():F0}, max {cold.Max():F0})");
        Console.WriteLine($"  warm, both sides at once      : median {Median(warm),7:F0} ms (min {warm.Min():F0}, max {warm.Max():F0})");
        Console.WriteLine($"  warm, one side after the other: median {Median(sequential),7:F0} ms (min {sequential.Min():F0}, max {sequential.Max():F0})");
    }

    /// <summary>In a child process: one cold comparison, then warm ones, on one line of milliseconds.</summary>
    public static void RunOnce()
    {
        var yaml = new ContractYaml(GeneratorHarness.RealContract);
        var before = yaml.ToString();
        ContractYaml.Remove(ContractYaml.At(yaml.Schema("TaskStatusData"), "properties"), "costTime");
        var after = yaml.ToString();

        var first = GeneratedSurface.Compare(before, after, CancellationToken.None);
        if (first.Changes.Count != 1)
        {
            throw new InvalidOperationException("The edit should change one member: " + string.Join("; ", first.Changes));
        }

        var warm = Enumerable.Range(0, WarmRuns).Select(_ => GeneratedSurface.Compare(before, after, CancellationToken.None).Elapsed.TotalMilliseconds).ToList();
        var sequential = Enumerable.Range(0, WarmRuns).Select(run =>
        {
            var started = Stopwatch.GetTimestamp();
            var old = GeneratedSurface.GenerateAsync(before, SurfaceSide.Old, CancellationToken.None).GetAwaiter().GetResult();
            var @new = GeneratedSurface.GenerateAsync(after, SurfaceSide.New, CancellationToken.None).GetAwaiter().GetResult();
            _ = SurfaceDiff.Compare(old.Surface!, @new.Surface!);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }).ToList();

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        Console.WriteLine($"cold {first.Elapsed.TotalMilliseconds.ToString("F0", invariant)} warm {string.Join(' ', warm.Select(ms => ms.ToString("F0", invariant)))} sequential {string.Join(' ', sequential.Select(ms => ms.ToString("F0", invariant)))}");
    }

    private static string RunChild()
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // As apixo runs (TieredPGO is off in its project file); this process has the benchmark's runtime settings.
        start.Environment["DOTNET_TieredPGO"] = "0";
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SurfaceBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add("surface-once");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout.Trim().Split('\n').Last()
            : throw new InvalidOperationException($"The child process failed ({process.ExitCode}): {stderr}");
    }
}
