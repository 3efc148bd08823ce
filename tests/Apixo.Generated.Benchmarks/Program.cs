using Apixo.Generated.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Apixo.Generated.Benchmarks -- generator | client
switch (args.FirstOrDefault())
{
    case "client":
        BenchmarkRunner.Run<ClientRoundTripBenchmarks>();
        break;
    default:
        GeneratorBenchmark.Run();
        break;
}
