using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Apixo.Generated.Generator.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Generator.Tests;

/// <summary>
/// Every kind of field a request schema can hold, added to the contract at once, run through NSwag as the build runs
/// it and through our generator, compiled together with no diagnostic, loaded, and used the way the CLI uses it
/// (GptImage2Modes.TryBuild from text values, through the builders): the request serializes with each new field as the
/// contract says, a field left out is not sent, and each rule is enforced with its path.
/// </summary>
public sealed class FieldKindsEndToEndTests
{
    private static readonly Lazy<Built> Client = new(Build);

    /// <summary>The contract with the new fields: shared ones on GenerationInput, and mode-only ones on ImageToImageInput.</summary>
    internal static string EditedContract()
    {
        var yaml = new ContractYaml();
        var shared = ContractYaml.At(yaml.Schema("GenerationInput"), "properties");
        void Add(YamlMappingNode properties, string name, string schema) => properties.Children.Add(new YamlScalarNode(name), ContractYaml.Parse(schema));

        Add(shared, "guidance", "{ type: number, minimum: 0, maximum: 20, default: 7.5, description: How closely to follow the prompt }");
        Add(shared, "strength", "{ type: number, format: float, minimum: 0, exclusiveMinimum: true, maximum: 1 }");
        Add(shared, "weight", "{ type: number, format: decimal, multipleOf: 0.25 }");
        Add(shared, "style", "{ type: string, enum: [vivid, natural], x-enumNames: [Vivid, Natural], default: vivid }");
        Add(shared, "detail_level", "{ type: string, enum: [low, high], x-enumNames: [Low, High], nullable: true }");
        Add(shared, "tags", "{ type: array, items: { type: string, minLength: 1, maxLength: 12, pattern: '^[a-z]+$' }, minItems: 1, maxItems: 3, uniqueItems: true }");
        Add(shared, "seeds", "{ type: array, items: { type: integer, minimum: 0 }, maxItems: 4 }");
        Add(shared, "styles", "{ type: array, items: { type: string, enum: [a, b-c], x-enumNames: [A, BC] }, uniqueItems: true }");
        Add(shared, "ratios", "{ type: array, items: { $ref: '#/components/schemas/AspectRatio' } }");
        Add(shared, "weights", "{ type: array, items: { type: number, maximum: 1 }, default: [0.5, 1] }");
        Add(shared, "note", "{ type: string, nullable: true }");
        Add(shared, "n", "{ type: integer, nullable: true, minimum: 1, default: 1 }");
        Add(shared, "enhance", "{ type: boolean, default: false }");

        var imageToImage = ContractYaml.At(yaml.Schema("ImageToImageInput"), "allOf", "1");
        Add(ContractYaml.At(imageToImage, "properties"), "edit_mode", "{ type: string, enum: [mask, whole], x-enumNames: [Mask, Whole] }");
        Add(ContractYaml.At(imageToImage, "properties"), "mask_strength", "{ type: number, nullable: true }");
        ((YamlSequenceNode)imageToImage.Children[new YamlScalarNode("required")]).Children.Add(new YamlScalarNode("mask_strength"));
        return yaml.ToString();
    }

    [Fact]
    public void The_generated_code_compiles_against_NSwags_DTOs_with_no_diagnostic()
    {
        var built = Client.Value;
        Assert.Empty(built.Run.Diagnostics);
        Assert.Empty(built.Run.CompileDiagnostics());

        // The types NSwag chose, which the builders use: read from its output, never typed here.
        Assert.Contains("public double? Guidance { get; set; }", built.Dtos, StringComparison.Ordinal);
        Assert.Contains("public float? Strength { get; set; }", built.Dtos, StringComparison.Ordinal);
        Assert.Contains("public decimal? Weight { get; set; }", built.Dtos, StringComparison.Ordinal);
        Assert.Contains("public GenerationInputStyle? Style { get; set; }", built.Dtos, StringComparison.Ordinal);
        Assert.Contains("public GenerationInputDetail_level? DetailLevel { get; set; }", built.Dtos, StringComparison.Ordinal);
        Assert.Contains("public System.Collections.Generic.IList<Styles>? Styles { get; set; }", built.Dtos, StringComparison.Ordinal);
        Assert.Contains("public ImageToImageInputEdit_mode? EditMode { get; set; }", built.Dtos, StringComparison.Ordinal);
        Assert.Contains("public required double? MaskStrength { get; set; }", built.Dtos, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_new_field_is_sent_as_the_contract_says_from_text_values()
    {
        var json = Client.Value.BuildJson("text-to-image", new()
        {
            ["prompt"] = ["a fox"],
            ["guidance"] = ["12.5"],
            ["strength"] = ["0.5"],
            ["weight"] = ["0.75"],
            ["style"] = ["natural"],
            ["detail_level"] = ["high"],
            ["tags"] = ["fox", "snow"],
            ["seeds"] = ["1,2", "3"],
            ["styles"] = ["a,b-c"],
            ["ratios"] = ["16:9", "1:1"],
            ["weights"] = ["0.25"],
            ["note"] = ["quiet"],
            ["n"] = ["2"],
            ["enhance"] = ["true"],
        });

        var input = json.GetProperty("input");
        Assert.Equal(12.5, input.GetProperty("guidance").GetDouble());
        Assert.Equal("0.5", input.GetProperty("strength").GetRawText());
        Assert.Equal("0.75", input.GetProperty("weight").GetRawText());
        Assert.Equal("natural", input.GetProperty("style").GetString());
        Assert.Equal("high", input.GetProperty("detail_level").GetString());
        Assert.Equal(["fox", "snow"], input.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1, 2, 3], input.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["a", "b-c"], input.GetProperty("styles").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["16:9", "1:1"], input.GetProperty("ratios").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("[0.25]", input.GetProperty("weights").GetRawText());
        Assert.Equal("quiet", input.GetProperty("note").GetString());
        Assert.Equal(2, input.GetProperty("n").GetInt32());
        Assert.True(input.GetProperty("enhance").GetBoolean());
    }

    [Fact]
    public void A_field_left_out_is_not_sent_not_even_its_default_and_a_required_nullable_one_is_sent_as_null()
    {
        var json = Client.Value.BuildJson("image-to-image", new()
        {
            ["prompt"] = ["a fox"],
            ["image_urls"] = ["https://example.com/a.png"],
        });

        var input = json.GetProperty("input");
        Assert.Equal(
            ["image_urls", "mask_strength", "mode", "prompt"],
            input.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Null, input.GetProperty("mask_strength").ValueKind);
    }

    [Fact]
    public void The_modes_table_carries_each_kind_with_its_limits_and_default()
    {
        var fields = Client.Value.Fields("text-to-image");

        Assert.Equal(("number", "7.5", 0m, 20m), (fields["guidance"].Kind, fields["guidance"].Default, fields["guidance"].Minimum, fields["guidance"].Maximum));
        Assert.True(fields["strength"].ExclusiveMinimum);
        Assert.Equal(0.25m, fields["weight"].MultipleOf);
        Assert.Equal(("enum", "vivid"), (fields["style"].Kind, fields["style"].Default));
        Assert.Equal(new[] { "vivid", "natural" }, (IEnumerable<string>)fields["style"].Choices);
        Assert.True(fields["detail_level"].Nullable);
        Assert.Equal(("text", true, true, false, 1, 3, "^[a-z]+$"), (fields["tags"].Kind, fields["tags"].Repeated, fields["tags"].UniqueItems, fields["tags"].CommaSeparated, fields["tags"].MinItems, fields["tags"].MaxItems, fields["tags"].Pattern));
        Assert.Equal(("integer", true, 0m), (fields["seeds"].Kind, fields["seeds"].CommaSeparated, fields["seeds"].Minimum));
        Assert.Equal(("enum", true), (fields["styles"].Kind, fields["styles"].CommaSeparated));
        Assert.Equal("0.5, 1", fields["weights"].Default);
        Assert.Equal(("integer", "1", true), (fields["n"].Kind, fields["n"].Default, fields["n"].Nullable));
        Assert.Equal(("boolean", "false"), (fields["enhance"].Kind, fields["enhance"].Default));
    }

    [Theory]
    [InlineData("guidance", "20.5", "/input/guidance: breaks 'maximum' (allowed: at most 20; given: 20.5).")]
    [InlineData("guidance", "lots", "/input/guidance: breaks 'type' (allowed: a number; given: lots).")]
    [InlineData("strength", "0", "/input/strength: breaks 'exclusiveMinimum' (allowed: more than 0; given: 0).")]
    [InlineData("weight", "0.3", "/input/weight: breaks 'multipleOf' (allowed: a multiple of 0.25; given: 0.3).")]
    [InlineData("style", "bold", "/input/style: breaks 'enum' (allowed: vivid, natural; given: bold).")]
    [InlineData("tags", "Fox", "/input/tags/0: breaks 'pattern' (allowed: text that matches ^[a-z]+$; given: 3 characters that do not).")]
    [InlineData("tags", "fox\n", "/input/tags/0: breaks 'pattern' (allowed: text that matches ^[a-z]+$; given: 4 characters that do not).")]
    [InlineData("guidance", "1e400", "/input/guidance: breaks 'format' (allowed: a finite number; given: Infinity).")]
    [InlineData("seeds", "1,x", "/input/seeds/1: breaks 'type' (allowed: a whole number; given: x).")]
    [InlineData("seeds", "-1", "/input/seeds/0: breaks 'minimum' (allowed: at least 0; given: -1).")]
    [InlineData("styles", "a,c", "/input/styles/1: breaks 'enum' (allowed: a, b-c; given: c).")]
    [InlineData("weights", "1.5", "/input/weights/0: breaks 'maximum' (allowed: at most 1; given: 1.5).")]
    [InlineData("n", "0", "/input/n: breaks 'minimum' (allowed: at least 1; given: 0).")]
    public void A_value_that_breaks_its_rule_is_refused_with_its_path_and_rule(string wire, string value, string message)
    {
        var errors = Client.Value.Errors("text-to-image", new() { ["prompt"] = ["a fox"], [wire] = [value] });

        Assert.Equal(message, Assert.Single(errors));
    }

    [Fact]
    public void Repeated_and_too_many_items_are_refused()
    {
        var errors = Client.Value.Errors("text-to-image", new() { ["prompt"] = ["a fox"], ["tags"] = ["a", "b", "a", "c"] });

        Assert.Equal(
            ["/input/tags: breaks 'maxItems' (allowed: 3 items; given: 4 items).", "/input/tags/2: breaks 'uniqueItems' (allowed: no repeated items; given: a repeat of item 0)."],
            errors);
    }

    private static Built Build()
    {
        var contract = EditedContract();
        var dtos = NSwagRun.Dtos(contract);
        var run = new GeneratorHarness(contract, dtos: dtos).Run();
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var assembly = new AssemblyLoadContext("apixo-edited-contract", isCollectible: true).LoadFromStream(image);
        return new Built(dtos, run, assembly);
    }

    private sealed record Built(string Dtos, GeneratorRun Run, Assembly Assembly)
    {
        public JsonElement BuildJson(string mode, Dictionary<string, IReadOnlyList<string>> values)
        {
            var (request, errors) = TryBuild(mode, values);
            Assert.True(request is not null, string.Join("\n", errors));
            return JsonDocument.Parse(JsonSerializer.Serialize(request, request.GetType())).RootElement.Clone();
        }

        public IReadOnlyList<string> Errors(string mode, Dictionary<string, IReadOnlyList<string>> values)
        {
            var (request, errors) = TryBuild(mode, values);
            Assert.Null(request);
            return errors;
        }

        public IReadOnlyDictionary<string, dynamic> Fields(string mode)
        {
            var all = (IEnumerable)Assembly.GetType("Apixo.Generated.GptImage2Modes")!.GetProperty("All")!.GetValue(null)!;
            var found = all.Cast<dynamic>().Single(m => (string)m.Wire == mode);
            return ((IEnumerable)found.Fields).Cast<dynamic>().ToDictionary(f => (string)f.Wire, f => f);
        }

        private (object? Request, IReadOnlyList<string> Errors) TryBuild(string mode, Dictionary<string, IReadOnlyList<string>> values)
        {
            var method = Assembly.GetType("Apixo.Generated.GptImage2Modes")!.GetMethod("TryBuild")!;
            object?[] arguments = [mode, values, null, null, null];
            var built = (bool)method.Invoke(null, arguments)!;
            var errors = ((IEnumerable)arguments[4]!).Cast<object>().Select(error => error.ToString()!).ToList();
            return (built ? arguments[3] : null, errors);
        }
    }
}
