using Apixo.Generated.Generator.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Generator.Tests;

/// <summary>
/// The submit, status and balance operations are found by <c>x-apixo-role</c>, never by order, method or path: a
/// new operation changes nothing, and a missing or repeated role is one APX006 that names it.
/// </summary>
public sealed class OperationRoleTests
{
    private const string Submit = "/generateTask/gpt-image-2";
    private const string Status = "/statusTask/gpt-image-2";

    private static readonly Lazy<GeneratorRun> RealRun = new(() => new GeneratorHarness(GeneratorHarness.RealContract).Run());

    [Fact]
    public void A_POST_with_a_JSON_body_before_the_submit_changes_no_generated_file()
    {
        var yaml = new ContractYaml();
        var paths = ContractYaml.At(yaml.Root, "paths");
        // First in the document, a POST with a JSON body whose schema is another object: the old "first POST" rule took it.
        paths.Children.Insert(0, new YamlScalarNode("/cancelTask/gpt-image-2"), ContractYaml.Parse("""
            post:
              operationId: CancelTask
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/SubmittedTask'
              responses:
                '200':
                  description: Cancelled.
                '404': { $ref: '#/components/responses/NotFound' }
            """));
        var contract = yaml.ToString();
        Assert.True(contract.IndexOf("/cancelTask/", StringComparison.Ordinal) < contract.IndexOf(Submit, StringComparison.Ordinal));

        var run = new GeneratorHarness(contract).Run();

        Assert.Empty(run.Diagnostics);
        Assert.Equal(RealRun.Value.Sources, run.Sources);
        Assert.Empty(run.CompileDiagnostics());
    }

    [Fact]
    public void A_missing_role_is_one_APX006_that_names_it()
    {
        var yaml = new ContractYaml();
        ContractYaml.Remove(yaml.Operation(Status, "get"), "x-apixo-role");

        var run = new GeneratorHarness(yaml.ToString()).Run();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(("APX006", DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
        Assert.Contains("x-apixo-role: status", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_second_operation_with_the_submit_role_is_an_APX006_on_its_line()
    {
        var yaml = new ContractYaml();
        yaml.Operation(Status, "get").Children[new YamlScalarNode("x-apixo-role")] = new YamlScalarNode("submit");
        var contract = yaml.ToString();

        var run = new GeneratorHarness(contract).Run();

        Assert.Contains(run.Diagnostics, d => d.Id == "APX006" && d.GetMessage().Contains("Two operations have x-apixo-role: submit", StringComparison.Ordinal));
        Assert.Contains(run.Diagnostics, d => d.Id == "APX006" && d.GetMessage().Contains("No operation has x-apixo-role: status", StringComparison.Ordinal));
        var twice = run.Diagnostics.Single(d => d.GetMessage().Contains("Two operations", StringComparison.Ordinal));
        var line = twice.Location.GetLineSpan().StartLinePosition.Line;
        Assert.Equal("      x-apixo-role: submit", contract.Split('\n')[line]);
        Assert.True(line > contract.Split('\n').ToList().FindIndex(l => l.StartsWith("  " + Status, StringComparison.Ordinal)));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void An_unknown_role_is_an_APX006_that_lists_the_known_ones()
    {
        var yaml = new ContractYaml();
        yaml.Operation("/apikeys/current-balance", "get").Children[new YamlScalarNode("x-apixo-role")] = new YamlScalarNode("balanse");

        var run = new GeneratorHarness(yaml.ToString()).Run();

        Assert.Contains(run.Diagnostics, d => d.Id == "APX006" && d.GetMessage().Contains("'balanse' is not a role the client knows (submit, status, balance)", StringComparison.Ordinal));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_submit_without_a_JSON_body_schema_is_an_APX006_naming_the_role()
    {
        var yaml = new ContractYaml();
        ContractYaml.Remove(yaml.Operation(Submit, "post"), "requestBody");

        var run = new GeneratorHarness(yaml.ToString()).Run();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("APX006", diagnostic.Id);
        Assert.Contains("The submit operation (x-apixo-role: submit)", diagnostic.GetMessage(), StringComparison.Ordinal);
    }
}
