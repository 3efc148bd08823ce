using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The client benchmarks' job: BenchmarkDotNet's launches and iterations as given, the benchmark process on every core
/// but the last, which the loopback server has (<see cref="LoopbackAnswers.StartOutOfProcess"/>).
/// </summary>
internal abstract class LoopbackConfig : ManualConfig
{
    /// <summary>The last core, for the server; null on a one-core machine (then nothing is pinned).</summary>
    public static nint? ServerCores => Environment.ProcessorCount > 1 ? (nint)1 << (Environment.ProcessorCount - 1) : null;

    /// <summary>Every core but the server's.</summary>
    public static nint? BenchmarkCores => Environment.ProcessorCount > 1 ? ((nint)1 << (Environment.ProcessorCount - 1)) - 1 : null;

    protected LoopbackConfig(int launchCount, int iterationCount)
    {
        WithBuildTimeout(TimeSpan.FromMinutes(15));
        var job = Job.Default.WithLaunchCount(launchCount).WithWarmupCount(5).WithIterationCount(iterationCount);
        AddJob(BenchmarkCores is { } cores ? job.WithAffinity(cores) : job);
    }

    /// <summary><see cref="ClientRoundTripBenchmarks"/>: 3 launches of 30 iterations.</summary>
    public sealed class RoundTrip() : LoopbackConfig(launchCount: 3, iterationCount: 30);

    /// <summary><see cref="ClientOverheadBenchmarks"/>: 1 launch of 20 iterations.</summary>
    public sealed class Overhead() : LoopbackConfig(launchCount: 1, iterationCount: 20);
}
