using System.Diagnostics;
using System.Globalization;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// <c>-- client-interleaved [rounds] [--layers]</c>: the three clients of <see cref="ClientRoundTripBenchmarks"/> (or, with
/// <c>--layers</c>, the layers of <see cref="ClientOverheadBenchmarks"/>), same setup and same calls, taking turns in one process: each round runs a batch of submit + status through each of them, in an order that
/// rotates, so that a slow spell of a shared machine falls on all three alike rather than on whichever BenchmarkDotNet
/// measured at the time. Prints each one's median time per call over the rounds, its allocations and the ratios to the
/// raw <see cref="HttpClient"/>. The loopback server is out of process, as for BenchmarkDotNet.
/// </summary>
internal static class ClientInterleaved
{
    private const int CallsPerTurn = 200;
    private const int WarmupRounds = 5;

    public static async Task RunAsync(int rounds, bool layers)
    {
        var (clients, cleanup) = Clients(layers);
        var times = clients.Select(_ => new List<double>()).ToArray();
        var bytes = clients.Select(_ => new List<double>()).ToArray();
        var cpu = clients.Select(_ => new List<double>()).ToArray();
        var serverCpu = clients.Select(_ => new List<double>()).ToArray();
        using var server = LoopbackAnswers.ServerProcess();
        try
        {
            for (var round = 0; round < WarmupRounds + rounds; round++)
            {
                for (var turn = 0; turn < clients.Length; turn++)
                {
                    var which = (round + turn) % clients.Length;
                    var (perCall, allocated, cpuPerCall, serverCpuPerCall) = await TurnAsync(clients[which].Call, server);
                    if (round >= WarmupRounds)
                    {
                        times[which].Add(perCall);
                        bytes[which].Add(allocated);
                        cpu[which].Add(cpuPerCall);
                        serverCpu[which].Add(serverCpuPerCall);
                    }
                }
            }
        }
        finally
        {
            cleanup();
        }

        var baseTime = Median(times[0]);
        var baseBytes = Median(bytes[0]);
        Console.WriteLine(FormattableString.Invariant($"Submit + status on loopback, {rounds} rounds of {CallsPerTurn} calls each, taking turns (medians over the rounds):"));
        Console.WriteLine("| Client | Median time | Quartiles | Time ratio | Allocated | Allocation ratio | CPU, this process | CPU, the server |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < clients.Length; i++)
        {
            var median = Median(times[i]);
            Console.WriteLine(FormattableString.Invariant(
                $"| {clients[i].Name} | {median:F1} µs | {Quantile(times[i], 0.25):F1}–{Quantile(times[i], 0.75):F1} µs | {median / baseTime:F2} | {Median(bytes[i]) / 1024:F2} KB | {Median(bytes[i]) / baseBytes:F2} | {Median(cpu[i]):F1} µs | {(server is null ? "-" : FormattableString.Invariant($"{Median(serverCpu[i]):F1} µs"))} |"));
        }

        // The ratio round by round too: each round's three turns ran within a second of each other.
        for (var i = 1; i < clients.Length; i++)
        {
            var ratios = times[i].Zip(times[0], (x, raw) => x / raw).ToList();
            Console.WriteLine(FormattableString.Invariant($"{clients[i].Name} / raw, round by round: median {Median(ratios):F2} (quartiles {Quantile(ratios, 0.25):F2}–{Quantile(ratios, 0.75):F2})"));
        }
    }

    /// <summary>The clients of <see cref="ClientRoundTripBenchmarks"/>, or with <paramref name="layers"/> the layers of <see cref="ClientOverheadBenchmarks"/>, set up over the loopback server.</summary>
    public static ((string Name, Func<Task<int>> Call)[] Clients, Action Cleanup) Clients(bool layers)
    {
        (string Name, Func<Task<int>> Call)[] clients;
        Action cleanup;
        if (layers)
        {
            // The layers of ClientOverheadBenchmarks, each adding one to the one before.
            var overhead = new ClientOverheadBenchmarks();
            overhead.Setup();
            cleanup = overhead.Cleanup;
            clients =
            [
                ("raw HttpClient", overhead.Raw),
                ("Refit alone", overhead.Refit),
                ("Refit + key", overhead.RefitAuth),
                ("Refit + key + answer cap", overhead.RefitAuthLimit),
                ("Refit + the call handler", overhead.RefitCallHandler),
                ("ApixoClient", overhead.Client),
            ];
        }
        else
        {
            var benchmarks = new ClientRoundTripBenchmarks();
            benchmarks.Setup();
            cleanup = benchmarks.Cleanup;
            clients =
            [
                ("raw HttpClient", benchmarks.RawHttpClient),
                ("NSwag standard client", benchmarks.NSwagClient),
                ("ApixoClient", benchmarks.ApixoClientSubmitAndStatus),
            ];
        }

        return (clients, cleanup);
    }

    private static async Task<(double MicrosecondsPerCall, double BytesPerCall, double CpuPerCall, double ServerCpuPerCall)> TurnAsync(Func<Task<int>> call, Process? server)
    {
        using var self = Process.GetCurrentProcess();
        server?.Refresh();
        var serverCpuBefore = server?.TotalProcessorTime ?? TimeSpan.Zero;
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < CallsPerTurn; i++)
        {
            await call();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        server?.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var serverCpu = (server?.TotalProcessorTime ?? TimeSpan.Zero) - serverCpuBefore;
        return (elapsed.TotalMicroseconds / CallsPerTurn, (double)allocated / CallsPerTurn, cpu.TotalMicroseconds / CallsPerTurn, serverCpu.TotalMicroseconds / CallsPerTurn);
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = (sorted.Length - 1) * q;
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
