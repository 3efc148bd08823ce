using Apixo.Generated.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Apixo.Generated.Benchmarks -- generator | client | client-overhead | client-interleaved [rounds] [--layers] | client-inmemory | client-allocations [calls] [--loopback [--layers]] | handlers | sandbox-schema | surface [processes] | waits [tasks] [--pause]
//   | batch-scale [lines] [--plan NAME | --requests-per-minute N] [--concurrency N] [--speed X]
// (client, client-overhead, client-inmemory and handlers pass the rest to BenchmarkDotNet, e.g. --filter; --job adds a job beside their own 3 x 30, it does not replace it)
// (loopback-serve is the client benchmarks' loopback server, which client, client-overhead and client-interleaved start in a process of their own)
switch (args.FirstOrDefault())
{
    case "client":
        OverLoopback(() => BenchmarkRunner.Run<ClientRoundTripBenchmarks>(args: args[1..]));
        break;
    case "client-overhead":
        OverLoopback(() => BenchmarkRunner.Run<ClientOverheadBenchmarks>(args: args[1..]));
        break;
    case "client-interleaved":
        OverLoopback(() => ClientInterleaved.RunAsync(args.Length > 1 && args[1] != "--layers" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60, args.Contains("--layers")).GetAwaiter().GetResult());
        break;
    case "client-allocations":
        if (args.Contains("--loopback"))
        {
            OverLoopback(() => AllocationTicks.RunAsync(args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000, loopback: true, layers: args.Contains("--layers")).GetAwaiter().GetResult());
        }
        else
        {
            await AllocationTicks.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000, loopback: false, layers: false);
        }

        break;
    case "loopback-serve":
        await LoopbackAnswers.ServeAsync();
        break;
    case "client-inmemory":
        BenchmarkRunner.Run<ClientInMemoryBenchmarks>(args: args[1..]);
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

// The client benchmarks' loopback server runs in a process of its own for the whole run (see LoopbackAnswers).
// With APIXO_BENCH_LOOPBACK already set, the benchmarks use that server instead (one of your own, or a recording one), or
// with APIXO_BENCH_LOOPBACK=in-process one in their own process, as before the server moved out.
static void OverLoopback(Action run)
{
    if (Environment.GetEnvironmentVariable(LoopbackAnswers.AddressVariable) is { Length: > 0 })
    {
        run();
        return;
    }

    var server = LoopbackAnswers.StartOutOfProcess();
    try
    {
        run();
    }
    finally
    {
        LoopbackAnswers.Stop(server);
    }
}
