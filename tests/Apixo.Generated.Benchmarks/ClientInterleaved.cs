using System.Diagnostics;
using System.Globalization;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// <c>-- client-interleaved [rounds]</c>: the three clients of <see cref="ClientRoundTripBenchmarks"/>, same setup and same
/// calls, taking turns in one process: each round runs a batch of submit + status through each of them, in an order that
/// rotates, so that a slow spell of a shared machine falls on all three alike rather than on whichever BenchmarkDotNet
/// measured at the time. Prints each one's median time per call over the rounds, its allocations and the ratios to the
/// raw <see cref="HttpClient"/>. The loopback server is out of process, on its own core, as for BenchmarkDotNet.
/// </summary>
internal static class ClientInterleaved
{
    private const int CallsPerTurn = 200;
    private const int WarmupRounds = 5;

    public static async Task RunAsync(int rounds)
    {
        if (LoopbackConfig.BenchmarkCores is { } cores)
        {
            Process.GetCurrentProcess().ProcessorAffinity = cores;
        }

        var benchmarks = new ClientRoundTripBenchmarks();
        benchmarks.Setup();
        (string Name, Func<Task<int>> Call)[] clients =
        [
            ("raw HttpClient", benchmarks.RawHttpClient),
            ("NSwag standard client", benchmarks.NSwagClient),
            ("ApixoClient", benchmarks.ApixoClientSubmitAndStatus),
        ];
        var times = clients.Select(_ => new List<double>()).ToArray();
        var bytes = clients.Select(_ => new List<double>()).ToArray();
        try
        {
            for (var round = 0; round < WarmupRounds + rounds; round++)
            {
                for (var turn = 0; turn < clients.Length; turn++)
                {
                    var which = (round + turn) % clients.Length;
                    var (perCall, allocated) = await TurnAsync(clients[which].Call);
                    if (round >= WarmupRounds)
                    {
                        times[which].Add(perCall);
                        bytes[which].Add(allocated);
                    }
                }
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }

        var baseTime = Median(times[0]);
        var baseBytes = Median(bytes[0]);
        Console.WriteLine(FormattableString.Invariant($"Submit + status on loopback, {rounds} rounds of {CallsPerTurn} calls each, taking turns (medians over the rounds):"));
        Console.WriteLine("| Client | Median time | Quartiles | Time ratio | Allocated | Allocation ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var i = 0; i < clients.Length; i++)
        {
            var median = Median(times[i]);
            Console.WriteLine(FormattableString.Invariant(
                $"| {clients[i].Name} | {median:F1} µs | {Quantile(times[i], 0.25):F1}–{Quantile(times[i], 0.75):F1} µs | {median / baseTime:F2} | {Median(bytes[i]) / 1024:F2} KB | {Median(bytes[i]) / baseBytes:F2} |"));
        }

        // The ratio round by round too: each round's three turns ran within a second of each other.
        for (var i = 1; i < clients.Length; i++)
        {
            var ratios = times[i].Zip(times[0], (x, raw) => x / raw).ToList();
            Console.WriteLine(FormattableString.Invariant($"{clients[i].Name} / raw, round by round: median {Median(ratios):F2} (quartiles {Quantile(ratios, 0.25):F2}–{Quantile(ratios, 0.75):F2})"));
        }
    }

    private static async Task<(double MicrosecondsPerCall, double BytesPerCall)> TurnAsync(Func<Task<int>> call)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < CallsPerTurn; i++)
        {
            await call();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (elapsed.TotalMicroseconds / CallsPerTurn, (double)allocated / CallsPerTurn);
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
