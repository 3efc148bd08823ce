using Apixo.Generated.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Apixo.Generated.Benchmarks -- generator | client | client-overhead | handlers | sandbox-schema | surface [processes]
switch (args.FirstOrDefault())
{
    case "client":
        BenchmarkRunner.Run<ClientRoundTripBenchmarks>();
        break;
    case "client-overhead":
        BenchmarkRunner.Run<ClientOverheadBenchmarks>();
        break;
    case "handlers":
        BenchmarkRunner.Run<HandlerMicroBenchmarks>();
        break;
    case "surface":
        SurfaceBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
        break;
    case "surface-once":
        SurfaceBenchmark.RunOnce();
        break;
    case "sandbox-schema":
        BenchmarkRunner.Run<SandboxSchemaBenchmarks>();
        break;
    default:
        GeneratorBenchmark.Run();
        break;
}
