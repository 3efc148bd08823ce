using BenchmarkDotNet.Configs;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// BenchmarkDotNet rebuilds the solution for its child processes; on a machine shared with other builds that takes longer
/// than its default two minutes.
/// </summary>
internal sealed class SlowBuildConfig : ManualConfig
{
    public SlowBuildConfig() => WithBuildTimeout(TimeSpan.FromMinutes(15));
}
