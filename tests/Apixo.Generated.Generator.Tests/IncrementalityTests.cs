using Apixo.Generated.Generator.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace Apixo.Generated.Generator.Tests;

/// <summary>The generator does no work it need not do: asserted on the tracked steps, not hoped for.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] AllSteps =
    [
        TrackingNames.ContractText, TrackingNames.ContractSelection, TrackingNames.Parse,
        TrackingNames.Namespace, TrackingNames.Plan, TrackingNames.Diagnostics, TrackingNames.Units,
    ];

    [Fact]
    public void An_unrelated_CSharp_edit_leaves_every_step_cached_or_unchanged()
    {
        var harness = new GeneratorHarness(GeneratorHarness.RealContract);
        var first = harness.Run();
        harness.AddSource("Unrelated.cs", "namespace Elsewhere; public static class Unrelated { public const int Answer = 42; }");

        var second = harness.Run();

        Assert.Equal(first.Sources, second.Sources);
        foreach (var step in AllSteps)
        {
            var outputs = second.Outputs(step).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step}: {output.Reason}"));
        }
    }

    [Theory]
    [InlineData("a comment", "# a reviewer's note\n")]
    [InlineData("blank lines", "\n\n\n")]
    public void A_comment_or_whitespace_edit_in_the_contract_changes_no_output(string what, string insertion)
    {
        var harness = new GeneratorHarness(GeneratorHarness.RealContract);
        var first = harness.Run();
        // Comments and blank lines are text, not structure: they go after the last line, whatever the contract says.
        var edited = GeneratorHarness.RealContract.TrimEnd('\n') + "\n" + insertion;
        Assert.NotEqual(GeneratorHarness.RealContract, edited);
        harness.EditContract(edited);

        var second = harness.Run();

        Assert.Equal(first.Sources, second.Sources);
        Assert.All(second.Outputs(TrackingNames.Parse), output => Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason));
        Assert.All(second.Outputs(TrackingNames.Units), output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{what}: {output.Reason}"));
    }

    [Fact]
    public void Changing_one_modes_limit_changes_that_modes_builder_and_the_modes_table_only()
    {
        var harness = new GeneratorHarness(GeneratorHarness.RealContract);
        var first = harness.Run();
        // The edit goes through the YAML structure; the harness' first run read the same structure re-serialized,
        // so that only the limit differs between the two runs.
        var yaml = new ContractYaml();
        harness.EditContract(yaml.ToString());
        first = harness.Run();
        ContractYaml.Set(ContractYaml.At(yaml.Schema("ImageToImageInput"), "allOf", "1", "properties", "image_urls"), "maxItems", "12");
        harness.EditContract(yaml.ToString());

        var second = harness.Run();

        // The mode's builder, and the table of modes and fields (tools such as the CLI read the limit there).
        var changed = first.Sources.Keys.Where(hint => first.Sources[hint] != second.Sources[hint]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["GptImage2.ImageToImageRequestBuilder.g.cs", "GptImage2.Modes.g.cs"], changed);
        Assert.Contains("maxItems: 12", second.Sources["GptImage2.ImageToImageRequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Contains("1, 12, global::System.Array.Empty<string>()", second.Sources["GptImage2.Modes.g.cs"], StringComparison.Ordinal);

        var units = second.Outputs(TrackingNames.Units).ToList();
        Assert.Equal(2, units.Count(output => output.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(units.Count - 2, units.Count(output => output.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
    }
}
