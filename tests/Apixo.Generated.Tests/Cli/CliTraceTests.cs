using System.Text.Json;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Tests.Cli;

/// <summary><c>apixo generate --trace</c>: the run's spans on stderr, the result alone on stdout.</summary>
public sealed class CliTraceTests : IAsyncLifetime
{
    private const string Key = "sk-trace-SECRET-31";
    private const string Prompt = "a PROMPT-SECRET-5 lighthouse";

    private readonly string _out = Directory.CreateTempSubdirectory("apixo-trace-").FullName;
    private ApixoSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 600 });

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Generate_with_trace_prints_the_submit_status_wait_and_http_spans_on_stderr_and_keeps_stdout_the_result()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["generate", Prompt, "--resolution", "4k", "--trace", "--json", "--out", _out, "--base-url", _sandbox.BaseUrl.ToString(), "--api-key", Key, "--timeout", "86400"];

        var exit = await ApixoCli.RunAsync(args, stdout, stderr, _ => null, interactive: false, _sandbox.Clock, CancellationToken.None);

        var err = stderr.ToString();
        Assert.True(exit == ExitCodes.Success, err);
        using var result = JsonDocument.Parse(stdout.ToString()); // nothing but the one result object
        var taskId = result.RootElement.GetProperty("taskId").GetString();
        var spans = err.Split('\n').Where(line => line.StartsWith("apixo: span ", StringComparison.Ordinal)).Select(line => line.TrimEnd('\r')).ToArray();
        Assert.Single(spans, line => line.Contains(" apixo.submit ", StringComparison.Ordinal) && line.Contains($"apixo.task.id={taskId}", StringComparison.Ordinal) && line.Contains("apixo.resolution=4k", StringComparison.Ordinal));
        Assert.Single(spans, line => line.Contains(" apixo.wait ", StringComparison.Ordinal) && line.Contains("apixo.outcome=success", StringComparison.Ordinal));
        Assert.Contains(spans, line => line.Contains("  apixo.status ", StringComparison.Ordinal) && line.Contains("apixo.attempt=1", StringComparison.Ordinal));
        Assert.Contains(spans, line => line.Contains("http.request.method=POST", StringComparison.Ordinal));
        Assert.DoesNotContain(Key, err + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PROMPT-SECRET-5", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_without_trace_prints_no_span()
    {
        var stderr = new StringWriter();
        string[] args = ["generate", Prompt, "--no-wait", "--base-url", _sandbox.BaseUrl.ToString(), "--api-key", Key];

        var exit = await ApixoCli.RunAsync(args, new StringWriter(), stderr, _ => null, interactive: false, _sandbox.Clock, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.DoesNotContain("apixo: span", stderr.ToString(), StringComparison.Ordinal);
    }
}
