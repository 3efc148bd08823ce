using Apixo.Generated.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Apixo.Generated.Benchmarks -- generator | client | sandbox-schema
switch (args.FirstOrDefault())
{
    case "client":
        BenchmarkRunner.Run<ClientRoundTripBenchmarks>();
        break;
    case "sandbox-schema":
        BenchmarkRunner.Run<SandboxSchemaBenchmarks>();
        break;
    default:
        GeneratorBenchmark.Run();
        break;
}
