using Apixo.Generated.Generator.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Generator.Tests;

/// <summary>
/// Integer and boolean request fields: a builder setter with the contract's bounds, a rule in <c>TryBuild</c>, and
/// a text parser in <c>GptImage2Modes</c> for tools. The DTOs come from NSwag at build time, so these tests read
/// the generated source; the whole chain compiles only in a real build of an edited contract.
/// </summary>
public sealed class FieldTypeTests
{
    private static GeneratorRun RunWith(params (string Name, string Yaml)[] properties)
    {
        var yaml = new ContractYaml();
        var input = ContractYaml.At(yaml.Schema("GenerationInput"), "properties");
        foreach (var (name, text) in properties)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            input.Children[new YamlScalarNode(name)] = stream.Documents[0].RootNode;
        }

        var contract = yaml.ToString();
        Assert.All(properties, property => Assert.Contains(property.Name + ":", contract, StringComparison.Ordinal));
        return new GeneratorHarness(contract).Run();
    }

    [Fact]
    public void An_optional_integer_with_bounds_gets_a_setter_a_rule_and_a_parser()
    {
        var run = RunWith(("n", "{ type: integer, minimum: 1, maximum: 4, multipleOf: 1, description: How many images }"));

        Assert.Empty(run.Diagnostics);
        var shared = run.Sources["GptImage2.RequestBuilder.g.cs"];
        Assert.Contains("public TBuilder WithN(long n)", shared, StringComparison.Ordinal);
        Assert.Contains("ContractRules.Integer(found, \"/input/n\", _n, required: false, minimum: 1L, maximum: 4L, exclusiveMinimum: false, exclusiveMaximum: false, multipleOf: 1L, typeMinimum: int.MinValue, typeMaximum: int.MaxValue);", shared, StringComparison.Ordinal);
        Assert.Contains("N = (int?)NValue", run.Sources["GptImage2.TextToImageRequestBuilder.g.cs"], StringComparison.Ordinal);
        var modes = run.Sources["GptImage2.Modes.g.cs"];
        Assert.Contains("new(\"n\", \"How many images (a whole number at least 1 and at most 4, a multiple of 1).\", false, false", modes, StringComparison.Ordinal);
        Assert.Contains("long.TryParse(givenN,", modes, StringComparison.Ordinal);
    }

    [Fact]
    public void An_int64_with_exclusive_bounds_is_a_long_with_strict_comparisons()
    {
        var run = RunWith(("seed", "{ type: integer, format: int64, minimum: 0, exclusiveMinimum: true }"));

        Assert.Empty(run.Diagnostics);
        var shared = run.Sources["GptImage2.RequestBuilder.g.cs"];
        Assert.Contains("minimum: 0L, maximum: null, exclusiveMinimum: true, exclusiveMaximum: false, multipleOf: null, typeMinimum: long.MinValue, typeMaximum: long.MaxValue", shared, StringComparison.Ordinal);
        Assert.Contains("Seed = (long?)SeedValue", run.Sources["GptImage2.TextToImageRequestBuilder.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_boolean_gets_a_setter_and_a_parser()
    {
        var run = RunWith(("enhance", "{ type: boolean, description: Improve the prompt first }"));

        Assert.Empty(run.Diagnostics);
        Assert.Contains("public TBuilder WithEnhance(bool enhance)", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Contains("bool.TryParse(givenEnhance, out var parsedEnhance)", run.Sources["GptImage2.Modes.g.cs"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ type: integer, format: int16 }", "format 'int16'")]
    [InlineData("{ type: integer, minimum: 5, maximum: 1 }", "minimum 5 is above maximum 1")]
    [InlineData("{ type: integer, minimum: 1.5 }", "minimum '1.5' is not a whole number")]
    [InlineData("{ type: number, minimum: 1 }", "type 'number'")]
    public void An_integer_the_builders_cannot_honour_is_an_APX004_naming_the_rule(string schema, string expected)
    {
        var run = RunWith(("n", schema));

        Assert.Contains(run.Diagnostics, d => d.Id == "APX004" && d.GetMessage().Contains(expected, StringComparison.Ordinal));
        Assert.All(run.Diagnostics, d => Assert.Equal("APX004", d.Id));
        // The field is left out; the rest is emitted, so the build shows these diagnostics alone, not a cascade.
        Assert.Contains("public TBuilder WithPrompt(string prompt)", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("WithN(", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
    }
}
