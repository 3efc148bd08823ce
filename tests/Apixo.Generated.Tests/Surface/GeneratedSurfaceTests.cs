using Apixo.Generated.Cli.Surface;
using Apixo.Generated.Generator.Tests.TestSupport;
using Apixo.Generated.Tests.TestSupport;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Tests.Surface;

/// <summary>
/// <see cref="GeneratedSurface.CompareAsync"/> as <c>contract diff</c> calls it: both contracts, the time it took,
/// and a contract that does not generate reported as such, never a crash.
/// </summary>
public sealed class GeneratedSurfaceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_comparison_reports_its_changes_and_its_time()
    {
        var yaml = new ContractYaml(ContractDocument.Text);
        var before = yaml.ToString();
        ContractYaml.Remove(ContractYaml.At(yaml.Schema("TaskStatusData"), "properties"), "costTime");

        var comparison = await GeneratedSurface.CompareAsync(before, yaml.ToString(), CancellationToken.None);

        // Not asserted: a unit test on a shared machine is no stopwatch (tests/Apixo.Generated.Benchmarks: surface).
        output.WriteLine($"generated-surface comparison: {comparison.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(comparison.Compared);
        Assert.True(comparison.IsBreaking);
        Assert.Empty(comparison.Diagnostics);
        Assert.Equal(["removed Apixo.Generated.TaskStatusData.CostTime: public long? CostTime { get; set; } (breaking)"], comparison.Changes.Select(change => change.ToString()));
        Assert.True(comparison.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public async Task The_same_contract_twice_changes_nothing()
    {
        var comparison = await GeneratedSurface.CompareAsync(ContractDocument.Text, ContractDocument.Text, CancellationToken.None);

        Assert.True(comparison.Compared);
        Assert.Empty(comparison.Changes);
        Assert.Empty(comparison.Diagnostics);
    }

    [Fact]
    public async Task A_contract_our_generator_refuses_is_reported_with_its_line_and_no_change_is_claimed()
    {
        var yaml = new ContractYaml(ContractDocument.Text);
        ContractYaml.Sequence(yaml.Schema("GenerationInput"), "x-apixo-modes").Add(new YamlMappingNode(new YamlScalarNode("mode"), new YamlScalarNode("sketch"), new YamlScalarNode("schema"), new YamlScalarNode("SketchInput")));
        var edited = yaml.ToString();

        var comparison = await GeneratedSurface.CompareAsync(ContractDocument.Text, edited, CancellationToken.None);

        Assert.False(comparison.Compared);
        Assert.Empty(comparison.Changes);
        var error = Assert.Single(comparison.Diagnostics);
        Assert.Equal((SurfaceSide.New, SurfaceStage.Generator, "APX003", true), (error.Side, error.Stage, error.Id, error.IsError));
        Assert.Equal(ContractYaml.LineOf(edited, "components", "schemas", "GenerationInput", "x-apixo-modes", "2"), error.Line);
        Assert.Contains("Mode 'sketch'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("new contract: error APX003 (line ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contract_NSwag_cannot_read_is_reported_not_thrown()
    {
        var yaml = new ContractYaml(ContractDocument.Text);
        yaml.Root.Children[new YamlScalarNode("paths")] = new YamlSequenceNode(new YamlScalarNode("not a map of paths"));

        var comparison = await GeneratedSurface.CompareAsync(yaml.ToString(), ContractDocument.Text, CancellationToken.None);

        Assert.False(comparison.Compared);
        Assert.Empty(comparison.Changes);
        var error = Assert.Single(comparison.Diagnostics);
        Assert.Equal((SurfaceSide.Old, SurfaceStage.NSwag, "NSwag", true), (error.Side, error.Stage, error.Id, error.IsError));
        output.WriteLine(error.ToString());
    }

    [Fact]
    public async Task Cancellation_stops_the_comparison()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GeneratedSurface.CompareAsync(ContractDocument.Text, ContractDocument.Text + "\n# edited\n", cancel.Token));
    }
}
