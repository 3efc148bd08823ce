using System.Diagnostics;
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
    public void A_valid_body_is_checked_in_well_under_a_millisecond_on_average()
    {
        var schema = SandboxContract.Load(null).SubmitSchema;
        using var valid = JsonDocument.Parse("""{"request_type":"callback","callback_url":"https://h.example.com/x","input":{"mode":"image-to-image","prompt":"p","image_urls":["https://e.com/a.png"],"aspect_ratio":"16:9","resolution":"2k"}}""");
        using var invalid = JsonDocument.Parse("""{"request_type":"callback","input":{"mode":"image-to-image","prompt":"","image_urls":[],"extra":1}}""");
        Assert.Empty(schema.Check(valid.RootElement));
        Assert.NotEmpty(schema.Check(invalid.RootElement));

        const int Rounds = 2000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            schema.Check(valid.RootElement);
        }

        var validTime = clock.Elapsed / Rounds;
        clock.Restart();
        for (var i = 0; i < Rounds; i++)
        {
            schema.Check(invalid.RootElement);
        }

        var invalidTime = clock.Elapsed / Rounds;
        output.WriteLine($"valid: {validTime.TotalMicroseconds:F0} µs, invalid (4 rules broken): {invalidTime.TotalMicroseconds:F0} µs per body");
        Assert.True(validTime < TimeSpan.FromMilliseconds(5), $"{validTime.TotalMicroseconds} µs");
    }
}
