using Apixo.Generated.Generator.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Generator.Tests;

/// <summary>Each APX diagnostic: its id, the YAML line it points at, and no half-generated code.</summary>
public sealed class DiagnosticTests
{
    private static readonly string[] Schemas = ["components", "schemas"];

    /// <summary>The real contract after <paramref name="edit"/>, made on its YAML structure.</summary>
    private static string Edited(Action<ContractYaml> edit)
    {
        var yaml = new ContractYaml();
        edit(yaml);
        var text = yaml.ToString();
        Assert.NotEqual(new ContractYaml().ToString(), text);
        return text;
    }

    /// <summary>The 1-based line of the node at <paramref name="path"/> under components/schemas.</summary>
    private static int SchemaLine(string contract, params string[] path) => ContractYaml.LineOf(contract, [.. Schemas, .. path]);

    /// <summary>Nothing was generated, and the diagnostic <paramref name="id"/> came first.</summary>
    private static Diagnostic Single(GeneratorRun run, string id)
    {
        Assert.Empty(run.Sources);
        var diagnostic = run.Diagnostics.First(d => d.Id.StartsWith("APX", StringComparison.Ordinal));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        return diagnostic;
    }

    private static int Line(Diagnostic diagnostic)
    {
        Assert.Equal(GeneratorHarness.ContractPath, diagnostic.Location.GetLineSpan().Path);
        return diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;
    }

    [Fact]
    public void APX001_no_file_is_marked_as_the_contract()
    {
        var diagnostic = Single(new GeneratorHarness(GeneratorHarness.RealContract, markContract: false).Run(), "APX001");
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Contains("ApixoContract", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void APX002_a_YAML_syntax_error_points_at_its_line()
    {
        // Broken YAML has no structure to edit: an unclosed flow sequence goes after the (edited-free) document.
        var text = new ContractYaml().ToString();
        var contract = text + "broken: [unclosed\n";
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX002");
        var brokenLine = contract.Count(c => c == '\n');
        Assert.InRange(Line(diagnostic), brokenLine, brokenLine + 2);
    }

    [Fact]
    public void APX003_an_unknown_mode_points_at_the_mode()
    {
        var contract = Edited(yaml => ContractYaml.Set(ContractYaml.At(yaml.Schema("GenerationInput"), "x-apixo-modes", "1"), "mode", "sketch-to-image"));
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX003");
        Assert.Equal(SchemaLine(contract, "GenerationInput", "x-apixo-modes", "1", "mode"), Line(diagnostic));
        Assert.Contains("sketch-to-image", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void APX004_a_constraint_the_builders_cannot_honour_points_at_it()
    {
        var contract = Edited(yaml => ContractYaml.Add(ContractYaml.At(yaml.Schema("GenerationInput"), "properties", "prompt"), "format", new YamlScalarNode("email")));
        var run = new GeneratorHarness(contract).Run();

        // Everything the builders can honour is still emitted, so the build shows this diagnostic alone (an error:
        // no client is built that skips the rule), never a cascade of missing types in the code that uses it.
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(("APX004", DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal(SchemaLine(contract, "GenerationInput", "properties", "prompt", "format"), Line(diagnostic));
        Assert.Contains("prompt", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("GptImage2Pricing", run.Sources["GptImage2.Pricing.g.cs"], StringComparison.Ordinal);
        Assert.Contains("WithPrompt", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompileDiagnostics());
    }

    [Fact]
    public void APX004_an_unknown_URI_pattern_points_at_it()
    {
        var contract = Edited(yaml => ContractYaml.Set(ContractYaml.At(yaml.Schema("GenerateTaskRequest"), "properties", "callback_url"), "pattern", "^https://example\\.com/"));
        var run = new GeneratorHarness(contract).Run();
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("APX004", diagnostic.Id);
        Assert.Equal(SchemaLine(contract, "GenerateTaskRequest", "properties", "callback_url", "pattern"), Line(diagnostic));
        Assert.Contains("public TBuilder WithCallback(string callbackUrl)", run.Sources["GptImage2.RequestBuilder.g.cs"], StringComparison.Ordinal);
        Assert.Empty(run.CompileDiagnostics());
    }

    [Fact]
    public void APX005_a_duplicate_enum_name_points_at_it()
    {
        var contract = Edited(yaml =>
        {
            var names = ContractYaml.Sequence(yaml.Schema("AspectRatio"), "x-enumNames");
            ContractYaml.SetItem(names, names.Children.Count - 1, ((YamlScalarNode)names.Children[^2]).Value!);
        });
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX005");
        Assert.Equal(SchemaLine(contract, "AspectRatio", "x-enumNames"), Line(diagnostic));
        Assert.Contains("twice", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void APX005_an_invalid_enum_name_points_at_it()
    {
        var contract = Edited(yaml => ContractYaml.SetItem(ContractYaml.Sequence(yaml.Schema("Resolution"), "x-enumNames"), 1, "2K"));
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX005");
        Assert.Equal(SchemaLine(contract, "Resolution", "x-enumNames"), Line(diagnostic));
    }

    [Fact]
    public void APX006_a_missing_table_entry_points_at_the_table()
    {
        string removed = string.Empty;
        var contract = Edited(yaml =>
        {
            var prices = ContractYaml.At(yaml.Schema("Resolution"), "x-apixo-pricing", "prices");
            removed = ((YamlScalarNode)prices.Children.Keys.Last()).Value!;
            ContractYaml.Remove(prices, removed);
        });
        var diagnostic = Single(new GeneratorHarness(contract).Run(), "APX006");
        Assert.Contains(removed, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(SchemaLine(contract, "Resolution", "x-apixo-pricing", "prices"), Line(diagnostic));
    }

    [Fact]
    public void APX007_two_files_marked_as_the_contract()
    {
        var diagnostic = Single(new GeneratorHarness(GeneratorHarness.RealContract, secondContract: GeneratorHarness.RealContract).Run(), "APX007");
        Assert.Contains("second.yaml", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    /// <summary>Each odd contract: what it is, the edit of the real one, and the diagnostic it must give.</summary>
    private static readonly Dictionary<string, (Action<ContractYaml> Edit, string Id)> Odd = new()
    {
        ["a mode listed twice"] = (yaml => ContractYaml.Sequence(yaml.Schema("GenerationInput"), "x-apixo-modes").Add(Copy(ContractYaml.At(yaml.Schema("GenerationInput"), "x-apixo-modes", "1"))), "APX003"),
        ["a property with no C# name"] = (yaml => ContractYaml.Add(ContractYaml.At(yaml.Schema("ImageToImageInput"), "allOf", "1", "properties"), "-", StringSchema()), "APX005"),
        ["a mode repeating a shared field"] = (yaml => ContractYaml.Add(ContractYaml.At(yaml.Schema("ImageToImageInput"), "allOf", "1", "properties"), "prompt", StringSchema()), "APX005"),
        ["a retry class named unknown"] = (yaml => ContractYaml.Add(ContractYaml.At(yaml.Root, "x-apixo-retry-classes"), "unknown", new YamlScalarNode("Reserved.")), "APX005"),
        ["a fail code named ToString"] = (yaml => ContractYaml.Set(ContractYaml.At(yaml.Schema("FailCode"), "x-apixo-fail-codes", "0"), "name", "ToString"), "APX005"),
        ["an enum value listed twice"] = (yaml =>
        {
            var values = ContractYaml.Sequence(yaml.Schema("Resolution"), "enum");
            ContractYaml.SetItem(values, values.Children.Count - 1, ((YamlScalarNode)values.Children[^2]).Value!);
        }, "APX005"),
        ["an invalid model id"] = (yaml => ContractYaml.Set(yaml.Root, "x-apixo-model", "2-gpt"), "APX005"),
        ["an HTTP error that does not say whether it created nothing"] = (yaml => ContractYaml.Remove(FirstHttpError(yaml), "nothing-created"), "APX006"),
        ["an HTTP error whose nothing-created is no boolean"] = (yaml => ContractYaml.Set(FirstHttpError(yaml), "nothing-created", "maybe"), "APX006"),
        ["an HTTP error kind that takes the client's Transport"] = (yaml => ContractYaml.Set(FirstHttpError(yaml), "kind", "Transport"), "APX005"),
        ["an HTTP error kind that takes the client's UnreadableResponse"] = (yaml => ContractYaml.Set(FirstHttpError(yaml), "kind", "UnreadableResponse"), "APX005"),
        ["a callback without delivery facts"] = (yaml =>
        {
            var operation = ContractYaml.Holding(yaml.Root, "x-apixo-callback-delivery");
            var delivery = ContractYaml.At(operation, "x-apixo-callback-delivery");
            ContractYaml.Remove(operation, "x-apixo-callback-delivery");
            ContractYaml.Add(operation, "x-apixo-callback-deliveries", delivery);
        }, "APX006"),
        ["callback retry delays of an unknown kind"] = (yaml => ContractYaml.Set(ContractYaml.At(ContractYaml.Holding(yaml.Root, "x-apixo-callback-delivery"), "x-apixo-callback-delivery"), "retry-delays", "random"), "APX006"),
        ["a negative callback timeout"] = (yaml =>
        {
            var delivery = ContractYaml.At(ContractYaml.Holding(yaml.Root, "x-apixo-callback-delivery"), "x-apixo-callback-delivery");
            ContractYaml.Set(delivery, "timeout-seconds", "-" + ((YamlScalarNode)delivery.Children[new YamlScalarNode("timeout-seconds")]).Value);
        }, "APX006"),
        ["no rate limits"] = (yaml => ContractYaml.Remove(yaml.Root, "x-apixo-rate-limits"), "APX006"),
        ["a plan's requests per minute that are neither a number nor custom"] = (yaml => ContractYaml.Set(Plan(yaml, 0), "requests-per-minute", "lots"), "APX006"),
        ["a plan with no concurrent tasks"] = (yaml => ContractYaml.Remove(Plan(yaml, 0), "concurrent-tasks"), "APX006"),
        ["two plans with one name"] = (yaml => ContractYaml.Set(Plan(yaml, 1), "plan", ((YamlScalarNode)Plan(yaml, 0).Children[new YamlScalarNode("plan")]).Value!), "APX005"),
        ["a plan named like the table's list"] = (yaml => ContractYaml.Set(Plan(yaml, 0), "plan", "all"), "APX005"),
    };

    public static TheoryData<string> OddContracts() => new(Odd.Keys);

    /// <summary>The <paramref name="index"/>th plan of x-apixo-rate-limits.</summary>
    private static YamlMappingNode Plan(ContractYaml yaml, int index) => ContractYaml.At(yaml.Root, "x-apixo-rate-limits", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The x-apixo-error of the first reusable response.</summary>
    private static YamlMappingNode FirstHttpError(ContractYaml yaml) =>
        ContractYaml.At(ContractYaml.At(yaml.Root, "components", "responses").Children.Values.First(), "x-apixo-error");

    private static YamlMappingNode StringSchema() => new(new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode("type"), new YamlScalarNode("string")));

    private static YamlMappingNode Copy(YamlMappingNode mapping) => new(mapping.Children.Select(pair => new KeyValuePair<YamlNode, YamlNode>(pair.Key, pair.Value)));

    [Theory]
    [MemberData(nameof(OddContracts))]
    public void An_odd_contract_is_a_diagnostic_never_a_crash_or_broken_code(string what)
    {
        var (edit, id) = Odd[what];
        AssertDiagnosedAndNothingGenerated(Edited(edit), id);
    }

    [Fact]
    public void A_second_YAML_document_is_a_diagnostic_never_a_crash_or_broken_code()
    {
        // A second document is text, not structure: it goes after the whole first one.
        AssertDiagnosedAndNothingGenerated(new ContractYaml().ToString() + "---\nsecond: document\n", "APX006");
    }

    private static void AssertDiagnosedAndNothingGenerated(string contract, string id)
    {
        var run = new GeneratorHarness(contract).Run();

        Assert.Empty(run.Sources);
        Assert.Contains(run.Diagnostics, d => d.Id == id);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8785" or "APX008");
    }

    [Fact]
    public void Several_mistakes_are_all_reported_and_nothing_is_generated()
    {
        var contract = Edited(yaml =>
        {
            ContractYaml.Set(ContractYaml.At(yaml.Schema("GenerationInput"), "x-apixo-modes", "1"), "mode", "sketch-to-image");
            ContractYaml.SetItem(ContractYaml.Sequence(yaml.Schema("Resolution"), "x-enumNames"), 1, "2K");
        });
        var run = new GeneratorHarness(contract).Run();
        Assert.Empty(run.Sources);
        Assert.Equal(["APX003", "APX005"], run.Diagnostics.Select(d => d.Id).Where(id => id is "APX003" or "APX005").Distinct().Order());
    }
}
