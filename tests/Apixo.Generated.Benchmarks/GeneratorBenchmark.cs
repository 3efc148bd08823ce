using System.Reflection;
using Apixo.Generated.Generator;
using Apixo.Generated.Generator.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// Our generator and Refit's, each run cold on the same compilation (the client's DTOs, the Refit interface and
/// the contract), interleaved so that both see the same machine state. Prints medians and the ratio.
/// </summary>
internal static class GeneratorBenchmark
{
    private const int Warmup = 10;
    private const int Runs = 60;

    public static void Run()
    {

var refitPath = typeof(GeneratorBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RefitGenerator").Value!;
var refitGenerator = Assembly.LoadFrom(refitPath).GetTypes()
    .Where(type => typeof(IIncrementalGenerator).IsAssignableFrom(type) && !type.IsAbstract)
    .Select(type => (IIncrementalGenerator)Activator.CreateInstance(type)!)
    .Single();

TimeSpan Time(Func<IIncrementalGenerator> create) => new GeneratorHarness(GeneratorHarness.RealContract, generator: create()).TimeColdRun();

var ours = new List<double>();
var refit = new List<double>();
for (var i = 0; i < Warmup + Runs; i++)
{
    var a = Time(() => new ContractGenerator());
    var b = Time(() => (IIncrementalGenerator)Activator.CreateInstance(refitGenerator.GetType())!);
    if (i >= Warmup)
    {
        ours.Add(a.TotalMilliseconds);
        refit.Add(b.TotalMilliseconds);
    }
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine($"Cold run on the client compilation, median of {Runs} (after {Warmup} warm-up runs):");
Console.WriteLine($"  Apixo ContractGenerator : {Median(ours),8:F2} ms");
Console.WriteLine($"  Refit InterfaceStubGen  : {Median(refit),8:F2} ms");
Console.WriteLine($"  ratio ours / Refit      : {Median(ours) / Median(refit),8:F2}");
    }
}
