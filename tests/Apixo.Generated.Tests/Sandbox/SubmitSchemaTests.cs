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
