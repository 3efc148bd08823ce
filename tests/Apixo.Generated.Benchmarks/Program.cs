using Apixo.Generated.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Apixo.Generated.Benchmarks -- generator | client | client-overhead | handlers | sandbox-schema | surface [processes] | waits [tasks] [--pause]
//   | batch-scale [lines] [--plan NAME | --requests-per-minute N] [--concurrency N] [--speed X]
// (client, client-overhead and handlers pass the rest to BenchmarkDotNet, e.g. --filter; --job adds a job beside their own 3 x 30, it does not replace it)
switch (args.FirstOrDefault())
{
    case "client":
        BenchmarkRunner.Run<ClientRoundTripBenchmarks>(args: args[1..]);
        break;
    case "client-overhead":
        BenchmarkRunner.Run<ClientOverheadBenchmarks>(args: args[1..]);
        break;
    case "handlers":
        BenchmarkRunner.Run<HandlerMicroBenchmarks>(args: args[1..]);
        break;
    case "surface":
        SurfaceBenchmark.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
        break;
    case "surface-once":
        SurfaceBenchmark.RunOnce();
        break;
    case "waits":
        await WaitsBenchmark.RunAsync(args.Length > 1 && args[1] != "--pause" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000, args.Contains("--pause"));
        break;
    case "batch-scale":
        return await BatchScaleRun.RunAsync(args[1..]);
    case "sandbox-schema":
        BenchmarkRunner.Run<SandboxSchemaBenchmarks>();
        break;
    default:
        GeneratorBenchmark.Run();
        break;
}

return 0;
