using Apixo.Generated.Cli;
using Apixo.Generated.Generator.Tests.TestSupport;
using Apixo.Generated.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Tests.Cli;

/// <summary>
/// <c>apixo contract lint</c>'s LINT004: a schema keyword that means nothing where it stands. Each case edits the
/// real contract's YAML structure (ContractYaml fails loudly when a node is not where the case expects it), and
/// the finding must name the keyword, its schema and its line.
/// </summary>
public sealed class SchemaKeywordLintTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("apixo-lint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Mistakes() => new(MistakeCases.Keys);

    public static TheoryData<string> Placements() => new(QuietCases.Keys);

    // Each mistake: the edit, and the path from the root to the keyword that means nothing.
    private static readonly Dictionary<string, Func<ContractYaml, string[]>> MistakeCases = new()
    {
        ["nullable without a type (the defect ErrorResponse.data had)"] = contract =>
            Add(contract, ["components", "schemas", "ErrorResponse", "properties", "data"], "nullable", "true"),
        ["nullable beside a bare $ref"] = contract =>
            Add(contract, ["components", "schemas", "TaskStatusData", "properties", "state"], "nullable", "true"),
        ["minimum on a string"] = contract =>
            Add(contract, ["components", "schemas", "TaskStatusData", "properties", "failMsg"], "minimum", "1"),
        ["maxLength on an integer"] = contract =>
            Add(contract, ["components", "schemas", "ErrorResponse", "properties", "code"], "maxLength", "3"),
        ["items without type: array"] = contract =>
        {
            string[] resultUrls = ["components", "schemas", "TaskResult", "properties", "resultUrls"];
            ContractYaml.Remove(ContractYaml.At(contract.Root, resultUrls), "type");
            return [.. resultUrls, "items"];
        },
        ["minItems on an object"] = contract =>
            Add(contract, ["components", "schemas", "TaskResult"], "minItems", "1"),
        ["required: true on a string (a field is required in its object's list)"] = contract =>
            Add(contract, ["components", "schemas", "TaskStatusData", "properties", "failMsg"], "required", "true"),
        ["format on an object"] = contract =>
            Add(contract, ["components", "schemas", "SubmittedTask"], "format", "uri"),
        ["exclusiveMinimum without minimum (OpenAPI 3.0's boolean form)"] = contract =>
            Add(contract, ["components", "schemas", "ErrorResponse", "properties", "code"], "exclusiveMinimum", "true"),
        ["minLength on a schema with no type"] = contract =>
            Add(contract, ["components", "schemas", "ErrorResponse", "properties", "data"], "minLength", "1"),
        ["minimum on a query parameter's string"] = contract =>
            Add(contract, ["paths", "/statusTask/gpt-image-2", "get", "parameters", "0", "schema"], "minimum", "1"),
        ["maxItems on the string items of a field inside allOf"] = contract =>
            Add(contract, ["components", "schemas", "ImageToImageInput", "allOf", "1", "properties", "image_urls", "items"], "maxItems", "2"),
    };

    // Keywords that do mean something where these edits put them.
    private static readonly Dictionary<string, Action<ContractYaml>> QuietCases = new()
    {
        ["nullable beside its type"] = contract =>
            Add(contract, ["components", "schemas", "TaskStatusData", "properties", "failMsg"], "nullable", "true"),
        ["required and properties in an allOf part without a type"] = contract =>
            ContractYaml.Remove(ContractYaml.At(contract.Root, "components", "schemas", "ImageToImageInput", "allOf", "1"), "type"),
        ["a string limit beside allOf, which gives the type"] = contract =>
            Add(contract, ["components", "schemas", "TaskStatusData", "properties", "failCode"], "maxLength", "64"),
        ["exclusiveMaximum beside its maximum"] = contract =>
        {
            var code = ContractYaml.At(contract.Root, "components", "schemas", "ErrorResponse", "properties", "code");
            ContractYaml.Add(code, "maximum", new YamlScalarNode("600"));
            ContractYaml.Add(code, "exclusiveMaximum", new YamlScalarNode("true"));
        },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Lint_reports_a_keyword_that_means_nothing_where_it_stands(string mistake)
    {
        var contract = new ContractYaml(ContractDocument.Text);
        var keyword = MistakeCases[mistake](contract);
        var file = Path.Combine(_folder, "spec.yaml");
        var text = contract.ToString();
        await File.WriteAllTextAsync(file, text);
        var stdout = new StringWriter();

        var exit = await ApixoCli.RunAsync(["contract", "lint", file], stdout, new StringWriter(), _ => null);

        var schema = "#/" + string.Join('/', keyword[..^1].Select(step => step.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var expected = $"{file}({KeyLine(text, keyword)}): error LINT004: {schema}: '{keyword[^1]}' ";
        Assert.True(exit == 1, $"{mistake}: {stdout}");
        Assert.True(stdout.ToString().Split('\n').Count(line => line.StartsWith(expected, StringComparison.Ordinal)) == 1, $"{mistake}: expected one line starting '{expected}', got:\n{stdout}");
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public async Task Lint_leaves_a_keyword_that_means_something_alone(string placement)
    {
        var contract = new ContractYaml(ContractDocument.Text);
        QuietCases[placement](contract);
        var file = Path.Combine(_folder, "spec.yaml");
        await File.WriteAllTextAsync(file, contract.ToString());
        var stdout = new StringWriter();

        await ApixoCli.RunAsync(["contract", "lint", file], stdout, new StringWriter(), _ => null);

        Assert.DoesNotContain("LINT004", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_contract_before_its_fix_is_caught()
    {
        // The defect itself, as the contract had it: `data` with nullable and no type.
        var contract = new ContractYaml(ContractDocument.Text);
        var data = ContractYaml.At(contract.Root, "components", "schemas", "ErrorResponse", "properties", "data");
        Assert.False(data.Children.ContainsKey(new YamlScalarNode("type")), "ErrorResponse.data is meant to have no type: any JSON value, null included.");
        ContractYaml.Add(data, "nullable", new YamlScalarNode("true"));
        var file = Path.Combine(_folder, "spec.yaml");
        await File.WriteAllTextAsync(file, contract.ToString());
        var stdout = new StringWriter();

        Assert.Equal(1, await ApixoCli.RunAsync(["contract", "lint", file], stdout, new StringWriter(), _ => null));
        Assert.Contains("error LINT004: #/components/schemas/ErrorResponse/properties/data: 'nullable' means nothing without a 'type' in the same schema (OpenAPI 3.0.3)", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 finding(s).", stdout.ToString(), StringComparison.Ordinal);
    }

    private static string[] Add(ContractYaml contract, string[] schema, string keyword, string value)
    {
        ContractYaml.Add(ContractYaml.At(contract.Root, schema), keyword, new YamlScalarNode(value));
        return [.. schema, keyword];
    }

    // The line of the keyword itself (its key), as lint reports it, in the text the test wrote.
    private static int KeyLine(string text, string[] path)
    {
        var parent = ContractYaml.At(new ContractYaml(text).Root, path[..^1]);
        return (int)Assert.Single(parent.Children.Keys, key => ((YamlScalarNode)key).Value == path[^1]).Start.Line;
    }
}
