using System.Text.Json;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;
using Apixo.Generated.Tests.Sandbox;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Cli;

/// <summary><c>apixo</c> end to end through its real entry point, against the in-process sandbox.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private const string Key = "sk-cli-SECRET-77";

    private readonly string _out = Directory.CreateTempSubdirectory("apixo-cli-").FullName;
    private ApixoSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 600, AllowLoopbackCallbacks = true });

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private sealed record Run(int Exit, string Out, string Err);

    private async Task<Run> RunAsync(string[] args, Func<string, string?>? environment = null, CancellationToken cancellationToken = default, TimeProvider? clock = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // A sandbox given by --base-url runs on its own fast clock: the client waits by the same one.
        var exit = await ApixoCli.RunAsync(args, stdout, stderr, environment ?? (_ => null), interactive: false, clock ?? _sandbox.Clock, cancellationToken);
        var run = new Run(exit, stdout.ToString(), stderr.ToString());
        Assert.DoesNotContain(Key, run.Out + run.Err, StringComparison.Ordinal);
        return run;
    }

    // At 600x, a default deadline of a few sandbox minutes is a fraction of a real second: waits get a long one.
    private string[] OnSandbox(params string[] args) =>
        [.. args, "--base-url", _sandbox.BaseUrl.ToString(), "--api-key", Key, .. args[0] is "generate" or "wait" && !args.Contains("--timeout") ? new[] { "--timeout", "86400" } : []];

    [Fact]
    public async Task With_no_key_and_no_base_url_generate_uses_the_sandbox_and_saves_a_PNG()
    {
        var run = await RunAsync(["generate", "a lighthouse at dawn, watercolor", "--resolution", "2k", "--aspect-ratio", "16:9", "--out", _out, "--timeout", "100000"]);

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        Assert.Contains("offline sandbox", run.Err, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(_out, "task_*-0.png"));
        Assert.Contains(file, run.Out, StringComparison.Ordinal);
        Assert.Equal((2048, 1152), PngReader.Decode(await File.ReadAllBytesAsync(file)));
    }

    [Fact]
    public async Task Image_to_image_with_json_prints_exactly_one_object()
    {
        var run = await RunAsync(OnSandbox("generate", "sketch it", "--image-urls", "https://example.com/a.png", "--image-urls", "https://example.com/b.png", "--aspect-ratio", "3:4", "--out", _out, "--json"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        using var document = JsonDocument.Parse(run.Out);
        var root = document.RootElement;
        Assert.Equal(
            ["taskId", "state", "resultUrls", "files", "failCode", "failMsg", "estimatedCost", "rehydrationToken"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(root.GetProperty("taskId").GetString(), ApixoClient.Create(new ApixoClientOptions { ApiKey = "k" }).ResumeOperation(root.GetProperty("rehydrationToken").GetString()!).Id);
        Assert.Equal("success", root.GetProperty("state").GetString());
        Assert.Equal(0.02m, root.GetProperty("estimatedCost").GetDecimal());
        var file = root.GetProperty("files")[0].GetString()!;
        Assert.Equal((768, 1024), PngReader.Decode(await File.ReadAllBytesAsync(file)));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("failCode").ValueKind);
    }

    [Fact]
    public async Task Every_field_of_every_mode_is_an_option_with_its_choices_in_the_help()
    {
        var help = await RunAsync(["generate", "--help"]);

        Assert.Equal(ExitCodes.Success, help.Exit);
        foreach (var field in GptImage2Modes.All.SelectMany(mode => mode.Fields).Where(field => field.Wire != "prompt"))
        {
            Assert.Contains("--" + field.Wire.Replace('_', '-'), help.Out, StringComparison.Ordinal);
            Assert.All(field.Choices, choice => Assert.Contains(choice, help.Out, StringComparison.Ordinal));
        }

        Assert.All(GptImage2Modes.All, mode => Assert.Contains(mode.Wire, help.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_mode_can_be_named_and_a_field_of_another_mode_is_refused_by_its_builder()
    {
        var named = await RunAsync(OnSandbox("generate", "sketch it", "--mode", "image-to-image", "--image-urls", "https://example.com/a.png", "--out", _out, "--json"));
        var wrong = await RunAsync(OnSandbox("generate", "sketch it", "--mode", "image-to-image", "--out", _out));

        Assert.Equal((ExitCodes.Success, ExitCodes.InvalidInput), (named.Exit, wrong.Exit));
        Assert.Contains("/input/image_urls", wrong.Err, StringComparison.Ordinal);
        Assert.Equal(1, _sandbox.TaskCount);
    }

    // Arguments separated by '|'.
    [Theory]
    [InlineData("generate|")]
    [InlineData("generate|p|--aspect-ratio|16x9")]
    [InlineData("generate|p|--image-urls|ftp://example.com/a.png")]
    [InlineData("generate|p|--callback-url|http://hooks.example.com/x")]
    [InlineData("cost|--resolution|8k")]
    [InlineData("frobnicate")]
    public async Task Invalid_input_exits_2_and_sends_nothing(string joined)
    {
        var args = joined.Split('|');
        var run = await RunAsync(args[0] == "generate" ? OnSandbox(args) : args);

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Equal(0, _sandbox.TaskCount);
        Assert.StartsWith("apixo:", run.Err, StringComparison.Ordinal);
    }

    // A value outside a choice list is refused on the first line, naming the option or the request field, whatever the
    // command; no multi-line list of choices follows (every line is one of apixo's).
    [Theory]
    [InlineData("generate|p|--aspect-ratio|16x9", "/input/aspect_ratio")]
    [InlineData("generate|p|--resolution|8k", "/input/resolution")]
    [InlineData("generate|p|--mode|sketch", "mode")]
    [InlineData("cost|--resolution|8k", "--resolution")]
    [InlineData("wait|task_abc|--resolution|8k", "--resolution")]
    public async Task A_value_outside_the_choices_is_named_in_one_line(string joined, string named)
    {
        var args = joined.Split('|');
        var run = await RunAsync(args[0] == "cost" ? args : OnSandbox(args));

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Equal(0, _sandbox.TaskCount);
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.StartsWith("apixo:", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cost|--api-key|" + Key)]
    [InlineData("cost|--apikey|" + Key)]
    [InlineData("balance|--api-key=" + Key + "|--frob|" + Key)]
    public async Task A_mistyped_command_never_echoes_the_key(string joined)
    {
        // RunAsync fails the test if the key appears anywhere in the output.
        var run = await RunAsync(joined.Split('|'));

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Contains("***", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_input_with_json_still_prints_one_object()
    {
        var run = await RunAsync(OnSandbox("generate", "", "--json"));

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.StartsWith("invalid input", JsonDocument.Parse(run.Out).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_task_exits_3_with_its_code()
    {
        var run = await RunAsync(OnSandbox("generate", "x [fail:CONTENT_VIOLATION]", "--out", _out, "--json"));

        Assert.Equal(ExitCodes.TaskFailed, run.Exit);
        using var document = JsonDocument.Parse(run.Out);
        Assert.Equal("CONTENT_VIOLATION", document.RootElement.GetProperty("failCode").GetString());
        Assert.Contains("Change the prompt", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_error_exits_4()
    {
        var run = await RunAsync(OnSandbox("generate", "x [submit:402]", "--out", _out));

        Assert.Equal(ExitCodes.ApiError, run.Exit);
        Assert.Contains("InsufficientBalance", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passed_deadline_exits_5_with_the_token_and_wait_resumes_from_it_without_resolution()
    {
        var first = await RunAsync(OnSandbox("generate", "slow one", "--resolution", "4k", "--timeout", "100", "--out", _out));
        Assert.Equal(ExitCodes.DeadlinePassed, first.Exit);
        var token = System.Text.RegularExpressions.Regex.Match(first.Err, @"Resume: apixo wait (apixo-op\.\S+)").Groups[1].Value;
        var operation = ApixoClient.Create(new ApixoClientOptions { ApiKey = "k" }).ResumeOperation(token);
        Assert.Equal((Resolution.Res4K, "text-to-image"), (operation.Resolution, operation.Mode));

        // No --resolution: the token says 4k, so the schedule (and the 4096 px image) are the task's own.
        var resumed = await RunAsync(OnSandbox("wait", token, "--out", _out, "--timeout", "100000"));

        Assert.True(resumed.Exit == ExitCodes.Success, resumed.Err);
        Assert.Contains($"Task {operation.Id}: resuming (first poll after", resumed.Out, StringComparison.Ordinal);
        Assert.Equal((4096, 4096), PngReader.Decode(await File.ReadAllBytesAsync(Path.Combine(_out, operation.Id + "-0.png"))));
    }

    [Fact]
    public async Task Wait_still_takes_a_task_id_with_its_resolution()
    {
        var submitted = await RunAsync(OnSandbox("generate", "later", "--resolution", "2k", "--no-wait", "--json"));
        var id = JsonDocument.Parse(submitted.Out).RootElement.GetProperty("taskId").GetString()!;

        var resumed = await RunAsync(OnSandbox("wait", id, "--resolution", "2k", "--out", _out));

        Assert.True(resumed.Exit == ExitCodes.Success, resumed.Err);
        Assert.Equal((2048, 2048), PngReader.Decode(await File.ReadAllBytesAsync(Path.Combine(_out, id + "-0.png"))));
    }

    [Theory]
    [InlineData("apixo-op.2.eyJpZCI6InQifQ", "format version 2")]
    [InlineData("apixo-op.1.!!", "not base64url")]
    [InlineData("apixo-op.1.eyJpZCI6InQiLCJyZXNvbHV0aW9uIjoiOGsifQ", "resolution '8k'")]
    public async Task Wait_refuses_a_bad_token_with_exit_2_and_sends_nothing(string token, string problem)
    {
        var run = await RunAsync(OnSandbox("wait", token, "--out", _out));

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Contains(problem, run.Err, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.TaskCount);
    }

    [Fact]
    public async Task Wait_refuses_a_token_with_a_resolution()
    {
        var submitted = await RunAsync(OnSandbox("generate", "later", "--no-wait", "--json"));
        var token = JsonDocument.Parse(submitted.Out).RootElement.GetProperty("rehydrationToken").GetString()!;

        var run = await RunAsync(OnSandbox("wait", token, "--resolution", "4k", "--out", _out));

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Contains("a rehydration token carries the task's own", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_exits_130_and_the_task_goes_on()
    {
        using var cancel = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            // Cancel once the task exists, while the command waits for it.
            while (_sandbox.TaskCount == 0)
            {
                await Task.Delay(5);
            }

            // Past the submit's answer, before the first poll (120 s of sandbox time at 600x: 200 ms).
            await Task.Delay(100);
            await cancel.CancelAsync();
        });

        var run = await RunAsync(OnSandbox("generate", "cancel me", "--resolution", "4k", "--out", _out, "--timeout", "100000"), cancellationToken: cancel.Token);

        Assert.Equal(ExitCodes.Cancelled, run.Exit);
        Assert.Contains("goes on", run.Err, StringComparison.Ordinal);
        Assert.Equal(1, _sandbox.TaskCount);
    }

    [Fact]
    public async Task Status_cost_and_balance_answer()
    {
        var submitted = await RunAsync(OnSandbox("generate", "later", "--no-wait", "--json"));
        using var document = JsonDocument.Parse(submitted.Out);
        var id = document.RootElement.GetProperty("taskId").GetString()!;

        var status = await RunAsync(OnSandbox("status", id));
        var cost = await RunAsync(["cost", "--resolution", "2k", "--count", "3", "--json"]);
        var balance = await RunAsync(OnSandbox("balance"));

        Assert.Equal((0, 0, 0), (status.Exit, cost.Exit, balance.Exit));
        Assert.Contains(id, status.Out, StringComparison.Ordinal);
        Assert.Equal(0.09m, JsonDocument.Parse(cost.Out).RootElement.GetProperty("estimatedCost").GetDecimal());
        Assert.Contains("99.98 USD", balance.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_comes_from_the_environment_and_is_never_printed()
    {
        var environment = new Dictionary<string, string?> { ["APIXO_API_KEY"] = Key, ["APIXO_BASE_URL"] = _sandbox.BaseUrl.ToString() };

        var run = await RunAsync(["balance", "--json"], name => environment.GetValueOrDefault(name));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(100m, JsonDocument.Parse(run.Out).RootElement.GetProperty("balance").GetDecimal());
        Assert.DoesNotContain("sandbox", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_callback_url_is_refused_by_the_builders_even_on_the_sandbox()
    {
        await using var receiver = await LocalReceiver.StartAsync();

        var run = await RunAsync(OnSandbox("generate", "call me back", "--callback-url", receiver.Url.ToString(), "--out", _out));

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Contains("/callback_url", run.Err, StringComparison.Ordinal);
        Assert.Equal(0, _sandbox.TaskCount);
    }

    [Fact]
    public async Task A_callback_is_delivered_to_a_local_receiver()
    {
        await using var receiver = await LocalReceiver.StartAsync();

        // The request carries an https URL, as the contract wants; the sandbox reaches the local receiver over http.
        var https = new UriBuilder(receiver.Url) { Scheme = "https", Port = receiver.Url.Port }.Uri.ToString();
        var run = await RunAsync(OnSandbox("generate", "call me back", "--callback-url", https, "--out", _out, "--json"));

        Assert.Equal(ExitCodes.Success, run.Exit);
        var payload = ApixoCallback.Parse(await receiver.NextAsync(TimeSpan.FromSeconds(10)), DateTimeOffset.UtcNow);
        Assert.Equal(JsonDocument.Parse(run.Out).RootElement.GetProperty("taskId").GetString(), payload.TaskId);
        Assert.Equal(TaskState.Success, payload.State);
    }
}
