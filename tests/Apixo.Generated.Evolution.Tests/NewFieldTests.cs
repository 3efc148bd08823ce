using System.Text.Json;
using Apixo.Generated.Evolution.Tests.TestSupport;
using Apixo.Generated.Generator.Tests.TestSupport;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Evolution.Tests;

/// <summary>
/// A new optional field of the shared input, one per type the generator supports: it becomes a CLI option named
/// after its wire name in kebab case, with its limits in the help; it is on the wire only when given; a bad value
/// is refused before anything is sent; and the sandbox built from the same contract accepts it.
/// </summary>
[Collection(EvolutionCollection.Name)]
public sealed class NewFieldTests(ScratchRepository scratch, ITestOutputHelper output)
{
    private const string Prompt = "a lighthouse at dawn";

    [Fact]
    public async Task A_new_optional_string_field()
    {
        var contract = scratch.Contract();
        ContractEdit.Add(Properties(contract), "style", """
            type: string
            minLength: 1
            maxLength: 40
            description: A style preset to render in, such as watercolor.
            """);
        await using var scenario = await scratch.StartAsync("new optional string", contract, output);

        Assert.Null(Cli.FindHelpLine(scratch.BaselineHelp, "--style"));
        Assert.Contains("A style preset to render in, such as watercolor (1 to 40 characters).", Cli.HelpLine(await scenario.HelpAsync(), "--style"), StringComparison.Ordinal);

        var input = await SentInputAsync(scenario, "--style", "watercolor");
        Assert.Equal("watercolor", (string?)input["style"]);
        Assert.DoesNotContain("style", await SentFieldsWithoutOptionAsync(scenario));

        await RefusedAsync(scenario, "/input/style", "maxLength", "--style", new string('w', 41));
        await MadeAsync(scenario, "--style", "watercolor");
    }

    [Fact]
    public async Task A_new_optional_enum_field_with_a_default()
    {
        var contract = scratch.Contract();
        var schemas = ContractYaml.At(contract.Root, "components", "schemas");
        ContractEdit.Add(schemas, "Quality", """
            type: string
            description: How much care goes into the image.
            enum: [low, medium, high]
            x-enumNames: [Low, Medium, High]
            default: medium
            """);
        ContractEdit.Add(Properties(contract), "quality", "{ $ref: '#/components/schemas/Quality' }");
        await using var scenario = await scratch.StartAsync("new optional enum", contract, output);

        Assert.Null(Cli.FindHelpLine(scratch.BaselineHelp, "--quality"));
        var help = Cli.HelpLine(await scenario.HelpAsync(), "--quality");
        Assert.StartsWith("--quality <low|medium|high>", help, StringComparison.Ordinal);
        Assert.Contains("How much care goes into the image: low, medium, high (left out: not sent, and the server applies medium).", help, StringComparison.Ordinal);

        var input = await SentInputAsync(scenario, "--quality", "high");
        Assert.Equal("high", (string?)input["quality"]);
        // The default is the server's to apply: left out, it is not sent.
        Assert.DoesNotContain("quality", await SentFieldsWithoutOptionAsync(scenario));

        await RefusedAsync(scenario, "quality", null, "--quality", "ultra");
        await MadeAsync(scenario, "--quality", "low");
    }

    [Fact]
    public async Task A_new_optional_integer_field_with_bounds()
    {
        var contract = scratch.Contract();
        ContractEdit.Add(Properties(contract), "seed", """
            type: integer
            format: int32
            minimum: 0
            maximum: 999999
            description: Fixes the randomness, so that the same request gives the same image.
            """);
        await using var scenario = await scratch.StartAsync("new optional integer", contract, output);

        Assert.Null(Cli.FindHelpLine(scratch.BaselineHelp, "--seed"));
        Assert.Contains("at least 0 and at most 999999", Cli.HelpLine(await scenario.HelpAsync(), "--seed"), StringComparison.Ordinal);

        var input = await SentInputAsync(scenario, "--seed", "42");
        Assert.Equal(JsonValueKind.Number, input["seed"]!.GetValueKind());
        Assert.Equal(42, (int)input["seed"]!);
        Assert.DoesNotContain("seed", await SentFieldsWithoutOptionAsync(scenario));

        await RefusedAsync(scenario, "/input/seed", "maximum", "--seed", "1000000");
        await RefusedAsync(scenario, "seed", null, "--seed", "forty-two");
        await MadeAsync(scenario, "--seed", "999999");
    }

    [Fact]
    public async Task A_new_optional_boolean_field()
    {
        var contract = scratch.Contract();
        ContractEdit.Add(Properties(contract), "enhance_prompt", """
            type: boolean
            description: Let the model rewrite the prompt before generating.
            """);
        await using var scenario = await scratch.StartAsync("new optional boolean", contract, output);

        Assert.Null(Cli.FindHelpLine(scratch.BaselineHelp, "--enhance-prompt"));
        Assert.Contains("Let the model rewrite the prompt before generating", Cli.HelpLine(await scenario.HelpAsync(), "--enhance-prompt"), StringComparison.Ordinal);

        // false is a value the caller chose: sent, as a JSON boolean.
        var input = await SentInputAsync(scenario, "--enhance-prompt", "false");
        Assert.Equal(JsonValueKind.False, input["enhance_prompt"]!.GetValueKind());
        Assert.DoesNotContain("enhance_prompt", await SentFieldsWithoutOptionAsync(scenario));

        await RefusedAsync(scenario, "enhance_prompt", null, "--enhance-prompt", "maybe");
        await MadeAsync(scenario, "--enhance-prompt", "true");
    }

    [Fact]
    public async Task A_new_optional_number_field_and_a_list_of_integers()
    {
        var contract = scratch.Contract();
        ContractEdit.Add(Properties(contract), "guidance", """
            type: number
            minimum: 0
            maximum: 20
            default: 7.5
            description: How closely the image follows the prompt.
            """);
        ContractEdit.Add(Properties(contract), "seeds", """
            type: array
            maxItems: 3
            uniqueItems: true
            items:
              type: integer
              minimum: 0
            description: One seed per image.
            """);
        await using var scenario = await scratch.StartAsync("new number and integer list", contract, output);

        Assert.Null(Cli.FindHelpLine(scratch.BaselineHelp, "--guidance"));
        var help = await scenario.HelpAsync();
        Assert.Contains("the server applies 7.5", Cli.HelpLine(help, "--guidance"), StringComparison.Ordinal);
        Assert.Contains("0 to 3, no repeats", Cli.HelpLine(help, "--seeds"), StringComparison.Ordinal);

        var input = await SentInputAsync(scenario, "--guidance", "12.5", "--seeds", "1,2", "--seeds", "3");
        Assert.Equal(JsonValueKind.Number, input["guidance"]!.GetValueKind());
        Assert.Equal(12.5, (double)input["guidance"]!);
        Assert.Equal([1, 2, 3], input["seeds"]!.AsArray().Select(seed => (int)seed!));
        // The default is the server's to apply: left out, neither field is sent.
        var sent = await SentFieldsWithoutOptionAsync(scenario);
        Assert.DoesNotContain("guidance", sent);
        Assert.DoesNotContain("seeds", sent);

        await RefusedAsync(scenario, "/input/guidance", "maximum", "--guidance", "20.5");
        await RefusedAsync(scenario, "/input/seeds", "uniqueItems", "--seeds", "4,4");
        await RefusedAsync(scenario, "/input/seeds/0", "minimum", "--seeds", "-1");
        await MadeAsync(scenario, "--guidance", "0.5", "--seeds", "7");
    }

    private static YamlMappingNode Properties(ContractYaml contract) =>
        ContractYaml.At(contract.Schema("GenerationInput"), "properties");

    // Submits through the proxy with the option; the sandbox must accept it (exit 0). Returns the input as sent.
    private static async Task<System.Text.Json.Nodes.JsonNode> SentInputAsync(Scenario scenario, params string[] option)
    {
        (await scenario.RunProxiedAsync(["generate", Prompt, .. option, "--no-wait", "--json"])).Exits(Cli.Success);
        var submit = scenario.Submits[^1];
        Assert.Equal(200, submit.Status);
        return submit.Request["input"]!;
    }

    // Submits the same request without the option: the names of the input fields that were sent.
    private static async Task<IReadOnlyList<string>> SentFieldsWithoutOptionAsync(Scenario scenario)
    {
        (await scenario.RunProxiedAsync("generate", Prompt, "--no-wait", "--json")).Exits(Cli.Success);
        return [.. scenario.Submits[^1].Request["input"]!.AsObject().Select(field => field.Key)];
    }

    // A bad value: exit 2, the field (and the broken rule) named on stderr, and nothing reached the server.
    private static async Task RefusedAsync(Scenario scenario, string field, string? rule, params string[] option)
    {
        var before = scenario.Exchanges.Count;
        var refused = (await scenario.RunProxiedAsync(["generate", Prompt, .. option, "--no-wait"])).Exits(Cli.InvalidInput);
        Assert.Contains(field, refused.Stderr, StringComparison.Ordinal);
        if (rule is not null)
        {
            Assert.Contains(rule, refused.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(before, scenario.Exchanges.Count);
    }

    // The README's main job with the option, on the in-process sandbox of the same build: a PNG lands in --out.
    private static async Task MadeAsync(Scenario scenario, params string[] option)
    {
        var made = (await scenario.RunAsync(["generate", Prompt, .. option, "--json", "--out", "out"])).Exits(Cli.Success);
        var json = Cli.Json(made);
        Assert.Equal("success", (string?)json["state"]);
        Assert.Equal((1024, 1024), PngSize.Of((string)json["files"]![0]!));
    }
}
