using Apixo.Generated.Generator.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Generator.Tests;

/// <summary>
/// Each kind of request field (integer, number, boolean, inline enum, arrays of text, integers and enums, nullable,
/// with defaults): a builder setter with the contract's bounds, a rule in <c>TryBuild</c>, and a text parser and a
/// table entry in <c>GptImage2Modes</c> for tools. These tests read the generated source; FieldKindsEndToEndTests
/// compiles it against NSwag's DTOs for the edited contract and runs it. A construct the builders cannot honour is one
/// APX004 on its line, and the rest is still emitted and compiles.
/// </summary>
public sealed class FieldTypeTests
{
    private static GeneratorRun RunWith(params (string Name, string Yaml)[] properties) => new GeneratorHarness(Contract(properties)).Run();

    /// <summary>The real contract with <paramref name="properties"/> added to GenerationInput, the fields every mode shares.</summary>
    private static string Contract(params (string Name, string Yaml)[] properties)
    {
        var yaml = new ContractYaml();
        var input = ContractYaml.At(yaml.Schema("GenerationInput"), "properties");
        foreach (var (name, text) in properties)
        {
            input.Children[new YamlScalarNode(name)] = ContractYaml.Parse(text);
        }

        var contract = yaml.ToString();
        Assert.All(properties, property => Assert.Contains(property.Name + ":", contract, StringComparison.Ordinal));
        return contract;
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

    [Fact]
    public void A_number_gets_a_setter_of_the_DTOs_type_an_exact_rule_and_a_parser()
    {
        var run = RunWith(("strength", "{ type: number, format: float, minimum: 0, exclusiveMinimum: true, maximum: 1, multipleOf: 0.05, default: 0.5, description: How strong }"));

        Assert.Empty(run.Diagnostics);
        var shared = run.Sources["GptImage2.RequestBuilder.g.cs"];
        Assert.Contains("public TBuilder WithStrength(float strength)", shared, StringComparison.Ordinal);
        Assert.Contains("Sets <c>strength</c>: a number more than 0 and at most 1, a multiple of 0.05; not sent unless set: the server then applies its default, <c>0.5</c>.", shared, StringComparison.Ordinal);
        Assert.Contains("ContractRules.Number(found, \"/input/strength\", _strength, required: false, minimum: 0m, maximum: 1m, exclusiveMinimum: true, exclusiveMaximum: false, multipleOf: 0.05m);", shared, StringComparison.Ordinal);
        Assert.Contains("Strength = StrengthValue", run.Sources["GptImage2.TextToImageRequestBuilder.g.cs"], StringComparison.Ordinal);
        var modes = run.Sources["GptImage2.Modes.g.cs"];
        Assert.Contains("new(\"strength\", \"How strong (a number more than 0 and at most 1, a multiple of 0.05).\", false, false, null, null, null, null, global::System.Array.Empty<string>(), \"0.5\", global::System.Array.Empty<string>(), Kind: \"number\", Minimum: 0m, Maximum: 1m, ExclusiveMinimum: true, MultipleOf: 0.05m)", modes, StringComparison.Ordinal);
        Assert.Contains("float.TryParse(givenStrength, global::System.Globalization.NumberStyles.Float,", modes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ type: number }", "double")]
    [InlineData("{ type: number, format: double }", "double")]
    [InlineData("{ type: number, format: decimal }", "decimal")]
    public void A_number_takes_the_type_NSwag_gives_its_format(string schema, string type)
    {
        var run = RunWith(("scale", schema));

        Assert.Empty(run.Diagnostics);
        Assert.Contains($"public TBuilder WithScale({type} scale)", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Contains($"{type}.TryParse(givenScale,", run.Sources["GptImage2.Modes.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void An_inline_enum_gets_the_type_NSwag_names_a_values_table_and_its_default_is_not_sent()
    {
        var run = RunWith(("image_style", "{ type: string, enum: [vivid, natural], x-enumNames: [Vivid, Natural], default: vivid }"));

        Assert.Empty(run.Diagnostics);
        var shared = run.Sources["GptImage2.RequestBuilder.g.cs"];
        Assert.Contains("public TBuilder WithImageStyle(global::Apixo.Generated.GenerationInputImage_style imageStyle)", shared, StringComparison.Ordinal);
        Assert.Contains("private global::Apixo.Generated.GenerationInputImage_style? _imageStyle;", shared, StringComparison.Ordinal);
        Assert.Contains("ContractRules.OptionalMember(found, \"/input/image_style\", _imageStyle, required: false, \"vivid, natural\");", shared, StringComparison.Ordinal);
        Assert.Contains("public static partial class GenerationInputImage_styleValues", run.Sources["GptImage2.GenerationInputImage_styleValues.g.cs"], StringComparison.Ordinal);
        var modes = run.Sources["GptImage2.Modes.g.cs"];
        Assert.Contains("new(\"image_style\", \"\", false, false, null, null, null, null, new string[] { \"vivid\", \"natural\" }, \"vivid\", global::System.Array.Empty<string>(), Kind: \"enum\")", modes, StringComparison.Ordinal);
        Assert.Contains("GenerationInputImage_styleValues.TryParse(givenImageStyle, out var parsedImageStyle)", modes, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrays_of_text_integers_and_enums_get_add_and_replace_setters_item_rules_and_parsers()
    {
        var run = RunWith(
            ("tags", "{ type: array, items: { type: string, maxLength: 12, pattern: '^[a-z]+$' }, minItems: 1, maxItems: 3, uniqueItems: true }"),
            ("seeds", "{ type: array, items: { type: integer, format: int64, minimum: 0 } }"),
            ("styles", "{ type: array, items: { type: string, enum: [a, b-c], x-enumNames: [A, BC] } }"));

        Assert.Empty(run.Diagnostics);
        var shared = run.Sources["GptImage2.RequestBuilder.g.cs"];
        Assert.Contains("public TBuilder AddTag(string tag)", shared, StringComparison.Ordinal);
        Assert.Contains("public TBuilder WithTags(global::System.Collections.Generic.IEnumerable<string> tags)", shared, StringComparison.Ordinal);
        Assert.Contains("ContractRules.List(found, \"/input/tags\", _tags, required: false, minItems: 1, maxItems: 3, uniqueItems: true, static (errors, itemPath, item) => global::Apixo.Generated.ContractRules.Text(errors, itemPath, item, required: true, minLength: null, maxLength: 12, pattern: TagPattern));", shared, StringComparison.Ordinal);
        Assert.Contains("private static readonly global::Apixo.Generated.ContractPattern TagPattern = new(\"^[a-z]+$\", \"^[a-z]+\\\\z\");", shared, StringComparison.Ordinal);
        Assert.Contains("public TBuilder AddSeed(long seed)", shared, StringComparison.Ordinal);
        Assert.Contains("ContractRules.Integer(errors, itemPath, item, required: true, minimum: 0L, maximum: null, exclusiveMinimum: false, exclusiveMaximum: false, multipleOf: null, typeMinimum: long.MinValue, typeMaximum: long.MaxValue)", shared, StringComparison.Ordinal);
        Assert.Contains("public TBuilder AddStyle(global::Apixo.Generated.Styles style)", shared, StringComparison.Ordinal);
        Assert.Contains("ContractRules.Member(errors, itemPath, item, \"a, b-c\")", shared, StringComparison.Ordinal);
        var input = run.Sources["GptImage2.TextToImageRequestBuilder.g.cs"];
        Assert.Contains("Tags = TagsValue.Count == 0 ? null : global::System.Linq.Enumerable.ToList(global::System.Linq.Enumerable.Select(TagsValue, item => item!))", input, StringComparison.Ordinal);
        Assert.Contains("Seeds = SeedsValue.Count == 0 ? null : global::System.Linq.Enumerable.ToList(SeedsValue)", input, StringComparison.Ordinal);
        var modes = run.Sources["GptImage2.Modes.g.cs"];
        Assert.Contains("Kind: \"text\", UniqueItems: true, Pattern: \"^[a-z]+$\")", modes, StringComparison.Ordinal);
        Assert.Contains("Kind: \"integer\", CommaSeparated: true, Minimum: 0m)", modes, StringComparison.Ordinal);
        Assert.Contains("new string[] { \"a\", \"b-c\" }, null, global::System.Array.Empty<string>(), Kind: \"enum\", CommaSeparated: true)", modes, StringComparison.Ordinal);
        Assert.Contains("var textsSeeds = SplitCommas(givenSeeds);", modes, StringComparison.Ordinal);
        Assert.Contains("global::Apixo.Generated.StylesValues.TryParse(text, out var item)", modes, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_nullable_field_is_no_constructor_argument_and_is_sent_as_null_when_unset()
    {
        var yaml = new ContractYaml();
        var input = yaml.Schema("GenerationInput");
        ContractYaml.At(input, "properties").Children.Add(new YamlScalarNode("seed"), ContractYaml.Parse("{ type: integer, nullable: true }"));
        ((YamlSequenceNode)input.Children[new YamlScalarNode("required")]).Children.Add(new YamlScalarNode("seed"));

        var run = new GeneratorHarness(yaml.ToString()).Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("ContractRules.Integer(found, \"/input/seed\", _seed, required: false,", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Contains("Seed = (int?)SeedValue", run.Sources["GptImage2.TextToImageRequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Contains("public static global::Apixo.Generated.TextToImageRequestBuilder TextToImage(string prompt)", run.Sources["GptImage2.g.cs"], StringComparison.Ordinal);
        Assert.Contains("new(\"seed\", \"a whole number.\", true, false, null, null, null, null, global::System.Array.Empty<string>(), null, global::System.Array.Empty<string>(), Kind: \"integer\", Nullable: true)", run.Sources["GptImage2.Modes.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_is_in_the_table_but_never_in_the_builders_state()
    {
        var run = RunWith(("enhance", "{ type: boolean, default: true }"), ("n", "{ type: integer, default: 2 }"));

        Assert.Empty(run.Diagnostics);
        var shared = run.Sources["GptImage2.RequestBuilder.g.cs"];
        Assert.Contains("private bool? _enhance;", shared, StringComparison.Ordinal);
        Assert.Contains("private long? _n;", shared, StringComparison.Ordinal);
        var modes = run.Sources["GptImage2.Modes.g.cs"];
        Assert.Contains("global::System.Array.Empty<string>(), \"true\", global::System.Array.Empty<string>(), Kind: \"boolean\")", modes, StringComparison.Ordinal);
        Assert.Contains("global::System.Array.Empty<string>(), \"2\", global::System.Array.Empty<string>(), Kind: \"integer\")", modes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aspectRatio", "{ type: array, items: { type: string, enum: [a, b], x-enumNames: [A, B] } }", "would be the C# type 'AspectRatio', which another type already is")]
    [InlineData("style", "{ type: string, enum: [a, b] }", "has no x-enumNames")]
    [InlineData("style.name", "{ type: string, enum: [a, b], x-enumNames: [A, B] }", "a C# type name from NSwag that the generator cannot predict")]
    public void An_inline_enum_whose_CSharp_type_cannot_be_named_is_an_APX005_like_a_named_one(string name, string schema, string expected)
    {
        var run = RunWith((name, schema));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("APX005", diagnostic.Id);
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    // Kept: the field is still emitted without the broken rule (or default), so that code which sets it shows the APX004
    // alone; the build fails on it, so no client ships without the rule. Left out: its C# type cannot be known.
    [Theory]
    [InlineData("{ type: integer, format: int16 }", "format 'int16' of an integer", false)]
    [InlineData("{ type: integer, minimum: 5, maximum: 1 }", "minimum 5 is above maximum 1", true)]
    [InlineData("{ type: integer, minimum: 1.5 }", "minimum '1.5' is not a whole number", true)]
    [InlineData("{ type: integer, minimum: 1, exclusiveMinimum: 1 }", "exclusiveMinimum '1' is not true or false", true)]
    [InlineData("{ type: integer, exclusiveMaximum: true }", "exclusiveMaximum is true but there is no maximum", true)]
    [InlineData("{ type: integer, multipleOf: 0 }", "multipleOf 0 is not above 0", true)]
    [InlineData("{ type: integer, minimum: 1, default: 0 }", "the default is not a value of the field", true)]
    [InlineData("{ type: number, format: int32 }", "format 'int32' of a number", false)]
    [InlineData("{ type: number, minimum: lots }", "minimum 'lots' is not a number", true)]
    [InlineData("{ type: number, minimum: 0, exclusiveMinimum: 0 }", "exclusiveMinimum '0' is not true or false", true)]
    [InlineData("{ type: number, maximum: 1, default: 2 }", "the default is not a value of the field", true)]
    [InlineData("{ type: number, multipleOf: -1 }", "multipleOf -1 is not above 0", true)]
    [InlineData("{ type: string, format: email }", "format 'email' is not enforced", true)]
    [InlineData("{ type: string, pattern: '(?i)^abc$' }", "the group '(?i' is .NET's, not ECMAScript's", true)]
    [InlineData("{ type: string, pattern: '^abc\\Z' }", "\\Z is .NET's, not ECMAScript's", true)]
    [InlineData("{ type: string, pattern: '([a-z]' }", "cannot be run as ECMAScript means it", true)]
    [InlineData("{ type: string, const: x }", "'const' is not enforced", true)]
    [InlineData("{ type: string, format: uri, pattern: '^https://example\\.com/' }", "the builders understand ^scheme://", true)]
    [InlineData("{ type: string, enum: [a, b], x-enumNames: [A, B], pattern: '^a' }", "'pattern' is not enforced", true)]
    [InlineData("{ type: array, items: { type: array, items: { type: string } } }", "not arrays of arrays", false)]
    [InlineData("{ type: array, items: { type: string, nullable: true } }", "null items cannot be added", false)]
    [InlineData("{ type: array, items: { type: object } }", "type 'object' cannot be set", false)]
    [InlineData("{ type: array, items: { type: integer }, uniqueItems: maybe }", "uniqueItems 'maybe' is not true or false", true)]
    [InlineData("{ type: array, items: { type: integer }, contains: { minimum: 1 } }", "'contains' is not enforced", true)]
    [InlineData("{ $ref: '#/components/schemas/AspectRatio', nullable: true }", "nullable beside a $ref", true)]
    [InlineData("{ type: boolean, default: maybe }", "the default is not a value of the field", true)]
    [InlineData("{ type: object }", "type 'object' cannot be set", false)]
    public void A_construct_the_builders_cannot_honour_is_one_APX004_on_its_line_and_the_rest_still_compiles(string schema, string expected, bool kept)
    {
        var contract = Contract(("extra", schema));
        var run = new GeneratorHarness(contract).Run();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(("APX004", DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
        Assert.Contains(expected, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.StartsWith("extra: ", diagnostic.GetMessage(), StringComparison.Ordinal);
        // On the field's own lines: from its key to the next property of GenerationInput.
        var lines = contract.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("        extra:", StringComparison.Ordinal));
        var next = Array.FindIndex(lines, first + 1, l => l.Length > 8 && l.StartsWith("        ", StringComparison.Ordinal) && !char.IsWhiteSpace(l[8]) || l.Length > 4 && l.StartsWith("    ", StringComparison.Ordinal) && !char.IsWhiteSpace(l[4]));
        Assert.InRange(diagnostic.Location.GetLineSpan().StartLinePosition.Line, first, next - 1);
        Assert.Equal(kept, run.Sources["GptImage2.RequestBuilder.g.cs"].Contains("WithExtra(", StringComparison.Ordinal));
        Assert.Contains("public TBuilder WithPrompt(string prompt)", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        // Compiled against the real contract's DTOs, which lack the new property (and an inline enum's type): a kept field's
        // use of them is the only error allowed (a real build runs NSwag on the same contract, which adds them), and a
        // left-out one leaves none.
        Assert.All(run.CompileDiagnostics(), d => Assert.True(
            kept && d.Id is "CS0117" or "CS0234" && (d.GetMessage().Contains("'Extra'", StringComparison.Ordinal) || d.GetMessage().Contains("'GenerationInputExtra'", StringComparison.Ordinal)),
            d.ToString()));
    }
}
