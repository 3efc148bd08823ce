using System.Text.Json;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Tests.Cli;

/// <summary>
/// Every command with broken input, with and without --json: a documented exit code, a one-line message, never
/// a stack trace, never the key, and with --json exactly one JSON object on stdout.
/// </summary>
public sealed class CliSweepTests : IAsyncLifetime
{
    private const string Key = "sk-sweep+SECRET&42";

    private readonly string _out = Directory.CreateTempSubdirectory("apixo-sweep-").FullName;
    private ApixoSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 600 });

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    // Arguments separated by '|'; {sandbox} is the sandbox's address, {out} a writable folder, {file} a file.
    public static TheoryData<string, int> BrokenInputs => new()
    {
        { "", ExitCodes.InvalidInput },
        { "frobnicate", ExitCodes.InvalidInput },
        { "generate", ExitCodes.InvalidInput },
        { "generate|", ExitCodes.InvalidInput },
        { "generate|   ", ExitCodes.InvalidInput },
        { "generate|" + new string('x', 20_001), ExitCodes.InvalidInput },
        { "generate|p|--image-urls|file:///etc/passwd", ExitCodes.InvalidInput },
        { "generate|p|--image-urls|", ExitCodes.InvalidInput },
        { "generate|p|--aspect-ratio|7:5", ExitCodes.InvalidInput },
        { "generate|p|--resolution|8k", ExitCodes.InvalidInput },
        { "generate|p|--timeout|-1|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--timeout|NaN|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--timeout|soon", ExitCodes.InvalidInput },
        { "generate|p|--out|{file}|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--out|/proc/apixo|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--out||--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--max-image-bytes|0|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--download-timeout|-5|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--connect-timeout|abc", ExitCodes.InvalidInput },
        { "generate|p|--max-redirects|-1|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--base-url|not a url|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--base-url|http://example.com/api|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--base-url|ftp://example.com/api|--api-key|" + Key, ExitCodes.InvalidInput },
        { "generate|p|--base-url|{sandbox}", ExitCodes.InvalidInput },
        { "generate|p [submit:500]|--base-url|{sandbox}|--api-key|" + Key + "|--out|{out}", ExitCodes.ApiError },
        { "generate|p [fail:CONTENT_VIOLATION]|--base-url|{sandbox}|--api-key|" + Key + "|--out|{out}|--timeout|86400", ExitCodes.TaskFailed },
        { "status", ExitCodes.InvalidInput },
        { "status|", ExitCodes.InvalidInput },
        { "status|   |--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "status|task\u001b[2J|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "status|task_unknown|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.ApiError },
        { "wait|", ExitCodes.InvalidInput },
        { "wait| |--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "wait|task_x|--resolution|9k", ExitCodes.InvalidInput },
        { "wait|task_x|--out|{file}|--base-url|{sandbox}|--api-key|" + Key, ExitCodes.InvalidInput },
        { "wait|task_unknown|--base-url|{sandbox}|--api-key|" + Key + "|--out|{out}", ExitCodes.ApiError },
        { "cost|--count|0", ExitCodes.InvalidInput },
        { "cost|--count|many", ExitCodes.InvalidInput },
        { "cost|--resolution|8k", ExitCodes.InvalidInput },
        { "balance|--base-url|{sandbox}|--key|" + Key, ExitCodes.InvalidInput },
        { "balance|—api-key|" + Key, ExitCodes.InvalidInput },
        { "balance|-k|" + Key, ExitCodes.InvalidInput },
        { "balance|--api-key", ExitCodes.InvalidInput },
        { "balance|--api-key||--base-url|{sandbox}", ExitCodes.InvalidInput },
        { "sandbox|--port|99999", ExitCodes.InvalidInput },
        { "sandbox|--port|many", ExitCodes.InvalidInput },
        { "contract|diff|/nonexistent/a.yaml|/nonexistent/b.yaml", ExitCodes.InvalidInput },
        { "contract|diff|{out}|{out}", ExitCodes.InvalidInput },
        { "contract|lint|/nonexistent.yaml", ExitCodes.InvalidInput },
        { "contract|lint|{file}", 1 },
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public async Task Broken_input_gets_a_documented_exit_code_and_one_line_never_a_stack_trace(string joined, int expected)
    {
        var (exit, stdout, stderr) = await RunAsync(Expand(joined));

        Assert.True(expected == exit, $"exit {exit}, expected {expected}; stderr: {stderr}");
        Assert.Contains(exit, ExitCodes.Documented);
        AssertNoStackTraceOrKey(stdout + stderr);
        // contract lint's findings are its output, on stdout.
        if (exit != ExitCodes.Success && !joined.StartsWith("contract|lint", StringComparison.Ordinal))
        {
            Assert.Contains("apixo: ", stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public async Task With_json_stdout_is_exactly_one_object(string joined, int expected)
    {
        var (exit, stdout, stderr) = await RunAsync([.. Expand(joined), "--json"]);

        Assert.Contains(exit, ExitCodes.Documented);
        Assert.True(exit != ExitCodes.Success || expected == ExitCodes.Success, stderr);
        AssertNoStackTraceOrKey(stdout + stderr);
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await ApixoCli.RunAsync(args, stdout, stderr, _ => null, interactive: false, _sandbox.Clock);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string[] Expand(string joined)
    {
        var file = Path.Combine(_out, "a-file.txt");
        File.WriteAllText(file, "not a folder, not a contract");
        return joined.Length == 0
            ? []
            : joined.Split('|').Select(arg => arg.Replace("{sandbox}", _sandbox.BaseUrl.ToString(), StringComparison.Ordinal)
                .Replace("{out}", _out, StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal)).ToArray();
    }

    private static void AssertNoStackTraceOrKey(string output)
    {
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", output, StringComparison.Ordinal);
    }
}
