using System.Text.Json;
using Apixo.Generated.Sandbox.Contract;
using Xunit.Abstractions;

namespace Apixo.Generated.Tests.Sandbox;

/// <summary>The JSON Schema the sandbox derives from the contract, read directly.</summary>
public sealed class SubmitSchemaTests(ITestOutputHelper output)
{
    [Fact]
    public void The_schema_is_draft_2020_12_and_carries_no_OpenAPI_only_keyword()
    {
        var text = SandboxContract.Load(null).SubmitSchema.Text;

        Assert.Contains("\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("x-apixo", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"discriminator\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("#/components/", text, StringComparison.Ordinal);
        Assert.Contains("\"unevaluatedProperties\":false", text, StringComparison.Ordinal);
    }

    // Each schema is built into a registry of its own and checked with options nothing writes to: schemas built at
    // once from several contracts, then checked from many threads at once, each give their own verdict.
    [Fact]
    public async Task Schemas_built_and_checked_side_by_side_keep_their_own_limits()
    {
        int[] limits = [10, 20, 30, 40];
        var schemas = await Task.WhenAll(limits.Select(limit => Task.Run(() =>
        {
            var edit = new ContractEdit();
            edit.Set(edit.Schema("GenerationInput").Map("properties").Map("prompt"), "maxLength", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return SandboxContract.Load(edit.ToString()).SubmitSchema;
        })));
        var bodies = Enumerable.Range(1, 45).Select(length => JsonDocument.Parse(
            "{\"request_type\":\"async\",\"input\":{\"mode\":\"text-to-image\",\"prompt\":\"" + new string('a', length) + "\"}}").RootElement).ToArray();

        var wrong = 0;
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var which = i % limits.Length;
            var length = (i / limits.Length % bodies.Length) + 1;
            var violations = schemas[which].Check(bodies[length - 1]);
            var expected = length > limits[which];
            if (expected != violations.Any(v => v.Pointer == "/input/prompt" && v.Rule == "maxLength") || (!expected && violations.Count > 0))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void A_valid_body_passes_and_a_body_breaking_four_rules_fails_on_each()
    {
        // How long a check takes is measured in tests/Apixo.Generated.Benchmarks (sandbox-schema), not here.
        var schema = SandboxContract.Load(null).SubmitSchema;
        using var valid = JsonDocument.Parse("""{"request_type":"callback","callback_url":"https://h.example.com/x","input":{"mode":"image-to-image","prompt":"p","image_urls":["https://e.com/a.png"],"aspect_ratio":"16:9","resolution":"2k"}}""");
        using var invalid = JsonDocument.Parse("""{"request_type":"callback","input":{"mode":"image-to-image","prompt":"","image_urls":[],"extra":1}}""");

        Assert.Empty(schema.Check(valid.RootElement));
        var problems = schema.Check(invalid.RootElement);
        output.WriteLine(string.Join(Environment.NewLine, problems));
        Assert.True(problems.Count >= 4, string.Join("; ", problems));
    }
}
