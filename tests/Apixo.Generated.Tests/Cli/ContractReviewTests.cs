using System.Text.Json;
using Apixo.Generated.Cli;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Cli;

/// <summary><c>apixo contract diff</c> on one contract pair per rule, and <c>apixo contract lint</c>.</summary>
public sealed class ContractReviewTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("apixo-contract-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Edit(string find, string replace)
    {
        Assert.Contains(find, ContractDocument.Text, StringComparison.Ordinal);
        return ContractDocument.Text.Replace(find, replace, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string, string> Pairs() => new()
    {
        // rule, find, replace, expected kind of the change, expected verdict
        { "nothing changed", "openapi: 3.0.3", "openapi: 3.0.3", "-", "none" },
        { "a comment", "openapi: 3.0.3\n", "# a note\nopenapi: 3.0.3\n", "-", "none" },
        { "a description", "description: Human-readable failure message. Present when state is failed.", "description: What went wrong.", "cosmetic", "patch" },
        { "an operation removed", "  /apikeys/current-balance:\n", "  /apikeys/old-balance:\n", "breaking", "major" },
        { "a request limit narrowed", "maxLength: 20000", "maxLength: 10000", "breaking", "major" },
        { "a request limit widened", "maxLength: 20000", "maxLength: 30000", "additive", "minor" },
        { "a request count narrowed", "minItems: 1\n              maxItems: 16", "minItems: 2\n              maxItems: 16", "breaking", "major" },
        { "a request enum value removed", "enum: [1k, 2k, 4k]\n      x-enumNames: [Res1K, Res2K, Res4K]", "enum: [1k, 2k]\n      x-enumNames: [Res1K, Res2K]", "breaking", "major" },
        { "a request enum value added", "enum: [1k, 2k, 4k]\n      x-enumNames: [Res1K, Res2K, Res4K]", "enum: [1k, 2k, 4k, 8k]\n      x-enumNames: [Res1K, Res2K, Res4K, Res8K]", "additive", "minor" },
        { "a response enum value added (TaskState is an open set)", "enum: [pending, processing, success, failed]", "enum: [pending, processing, success, failed, cancelled]", "additive", "minor" },
        { "a response enum value removed", "enum: [pending, processing, success, failed]", "enum: [pending, processing, success]", "breaking", "major" },
        { "a required request field added", "          required: [image_urls]\n          properties:\n", "          required: [image_urls, seed]\n          properties:\n            seed:\n              type: integer\n", "breaking", "major" },
        { "an optional request field added", "        prompt:\n          type: string\n          minLength: 1", "        seed:\n          type: integer\n        prompt:\n          type: string\n          minLength: 1", "additive", "minor" },
        { "a response field removed", "        failMsg:\n          type: string\n          description: Human-readable failure message. Present when state is failed.\n", "", "breaking", "major" },
        { "a response field added", "        costTime:\n", "        seed:\n          type: integer\n        costTime:\n", "additive", "minor" },
        { "a response field no longer required", "      required: [taskId, state]\n", "      required: [taskId]\n", "breaking", "major" },
        { "a type changed", "        createTime:\n          type: integer\n          format: int64", "        createTime:\n          type: string\n          format: date-time", "breaking", "major" },
        { "a fail code added", "        - code: TIMEOUT\n", "        - code: QUOTA\n          name: Quota\n          meaning: m\n          advice: a\n          retry: fix-account\n        - code: TIMEOUT\n", "additive", "minor" },
        { "a fail code removed", "        - code: TIMEOUT\n          name: Timeout\n          meaning: Generation did not finish in time.\n          advice: Retry, reduce input complexity, or use callback mode.\n          retry: transient\n", "", "breaking", "major" },
        { "a required query parameter added", "        - name: taskId\n          in: query\n", "        - name: verbose\n          in: query\n          required: true\n          schema:\n            type: boolean\n        - name: taskId\n          in: query\n", "breaking", "major" },
        { "an optional query parameter added", "        - name: taskId\n          in: query\n", "        - name: verbose\n          in: query\n          schema:\n            type: boolean\n        - name: taskId\n          in: query\n", "additive", "minor" },
        { "a query parameter narrowed", "          schema:\n            type: string\n            minLength: 1\n          example: task_abc123", "          schema:\n            type: string\n            minLength: 10\n          example: task_abc123", "breaking", "major" },
        { "the request body's schema swapped", "              $ref: '#/components/schemas/GenerateTaskRequest'", "              $ref: '#/components/schemas/GenerationInput'", "breaking", "major" },
        { "a schema behind resultJson losing a required field", "      required: [resultUrls]\n      x-apixo-result-ttl-hours: 24", "      x-apixo-result-ttl-hours: 24", "breaking", "major" },
        { "a response field became required", "      required: [taskId, state]\n", "      required: [taskId, state, costTime]\n", "breaking", "major" },
        { "the security scheme's description", "      description: 'Authorization: Bearer <API key> on every call.'", "      description: 'A bearer key.'", "cosmetic", "patch" },
        { "a price changed", "          4k: 0.04", "          4k: 0.05", "additive", "minor" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Diff_classifies_each_rule(string rule, string find, string replace, string kind, string verdict)
    {
        var before = Path.Combine(_folder, "old.yaml");
        var after = Path.Combine(_folder, "new.yaml");
        await File.WriteAllTextAsync(before, ContractDocument.Text);
        await File.WriteAllTextAsync(after, Edit(find, replace));
        var stdout = new StringWriter();

        var exit = await ApixoCli.RunAsync(["contract", "diff", before, after, "--format", "json"], stdout, new StringWriter(), _ => null);

        using var report = JsonDocument.Parse(stdout.ToString());
        Assert.True(verdict == report.RootElement.GetProperty("verdict").GetString(), $"{rule}: {stdout}");
        Assert.Equal(verdict == "major" ? 1 : 0, exit);
        var kinds = report.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ToList();
        if (kind == "-")
        {
            Assert.Empty(kinds);
        }
        else
        {
            Assert.True(kinds.Contains(kind), $"{rule}: {stdout}");
        }
    }

    [Theory]
    [InlineData("text", "Verdict: major")]
    [InlineData("markdown", "**Verdict: major**")]
    public async Task Diff_prints_text_and_markdown(string format, string expected)
    {
        var before = Path.Combine(_folder, "old.yaml");
        var after = Path.Combine(_folder, "new.yaml");
        await File.WriteAllTextAsync(before, ContractDocument.Text);
        await File.WriteAllTextAsync(after, Edit("maxLength: 20000", "maxLength: 10000"));
        var stdout = new StringWriter();

        Assert.Equal(1, await ApixoCli.RunAsync(["contract", "diff", before, after, "--format", format], stdout, new StringWriter(), _ => null));
        Assert.Contains(expected, stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("GenerationInput.prompt", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("the real contract", "openapi: 3.0.3", "openapi: 3.0.3", null)]
    [InlineData("a response without an example", "              examples:\n                balance:\n                  value:\n                    code: 200\n                    message: success\n                    data: 74.87\n", "", "LINT001")]
    [InlineData("an operation without an error response", "        '401': { $ref: '#/components/responses/Unauthorized' }\n        '403': { $ref: '#/components/responses/Forbidden' }\n        '429': { $ref: '#/components/responses/TooManyRequests' }\n        '500': { $ref: '#/components/responses/InternalServerError' }\n        '502': { $ref: '#/components/responses/BadGateway' }\n        '503': { $ref: '#/components/responses/ServiceUnavailable' }\n        '504': { $ref: '#/components/responses/GatewayTimeout' }\n", "", "LINT002")]
    [InlineData("an enum without C# names", "      x-enumNames: [Pending, Processing, Success, Failed]\n", "", "LINT003")]
    [InlineData("a generator diagnostic", "x-enumNames: [Res1K, Res2K, Res4K]", "x-enumNames: [Res1K, Res1K, Res4K]", "APX005")]
    [InlineData("broken YAML", "    SubmittedTask:\n", "    SubmittedTask:\n      broken: [unclosed\n", "APX002")]
    public async Task Lint_reports_what_is_incomplete(string what, string find, string replace, string? id)
    {
        var file = Path.Combine(_folder, "spec.yaml");
        await File.WriteAllTextAsync(file, Edit(find, replace));
        var stdout = new StringWriter();

        var exit = await ApixoCli.RunAsync(["contract", "lint", file], stdout, new StringWriter(), _ => null);

        Assert.True((id is null ? 0 : 1) == exit, $"{what}: {stdout}");
        if (id is not null)
        {
            Assert.Contains($"error {id}", stdout.ToString(), StringComparison.Ordinal);
        }
    }
}
