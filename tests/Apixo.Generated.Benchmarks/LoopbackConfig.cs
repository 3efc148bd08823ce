using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The client benchmarks' job: BenchmarkDotNet's launches and iterations as given, against the loopback server that runs
/// in a process of its own (<see cref="LoopbackAnswers.StartOutOfProcess"/>). Nothing is pinned to a core: on this
/// 2-core machine a benchmark held to one core spent its time switching between its own threads (every await resumes on
/// another thread), which tripled the times of all three clients and hid the differences between them.
/// </summary>
internal abstract class LoopbackConfig : ManualConfig
{
    protected LoopbackConfig(int launchCount, int iterationCount)
    {
        WithBuildTimeout(TimeSpan.FromMinutes(15));
        AddJob(Job.Default.WithLaunchCount(launchCount).WithWarmupCount(5).WithIterationCount(iterationCount));
    }

    /// <summary><see cref="ClientRoundTripBenchmarks"/>: 3 launches of 30 iterations.</summary>
    public sealed class RoundTrip() : LoopbackConfig(launchCount: 3, iterationCount: 30);

    /// <summary><see cref="ClientOverheadBenchmarks"/>: 1 launch of 20 iterations.</summary>
    public sealed class Overhead() : LoopbackConfig(launchCount: 1, iterationCount: 20);
}
