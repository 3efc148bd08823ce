using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;
using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Serialization;
using Apixo.Generated.Tests.Sandbox;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>
/// Second adversarial review (TaskState as an open set, unset optional fields, generated mode tables, the
/// JsonSchema.Net sandbox, ServerData), kept as regression tests: those marked FINDING failed before their fix,
/// those marked NOT-A-BUG held from the start.
/// </summary>
public sealed class SecondReviewTests : HostileCliTestBase
{
    private const string Key = "sk-second+REVIEW/42=";
    private const string Id = "task_r2";

    private static async Task<Run> RunAsync(string[] args, TimeProvider? clock = null)
    {
        var run = await RunCliAsync(args, clock: clock);
        Assert.DoesNotContain("REVIEW/42", run.All, StringComparison.Ordinal);
        return run;
    }

    private Task<Run> StatusAsync(params string[] more) =>
        RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", Key, .. more]);

    // ---------------------------------------------------------------- 1. TaskState, open set, in the CLI

    // FINDING: `apixo status` prints the server's state with WaitAndSave.StateName, unescaped; the SafeWriter
    // keeps line breaks, so a state holding "\n" forges lines of the CLI's own output.
    [Fact]
    public async Task FINDING_status_prints_a_server_state_with_a_newline_unescaped_and_forges_lines()
    {
        _server.OnStatus(ApixoEnvelopes.Status(Id, "processing\nSaved:\n  /home/you/precious.png"));

        var run = await StatusAsync();

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.DoesNotContain("\nsaved:", run.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\\u{000A}", run.Out, StringComparison.Ordinal);
    }

    // FINDING: the same path has no length bound (TerminalText.Escape cuts ids at 256, fail messages at 1024;
    // the state goes out whole).
    [Fact]
    public async Task FINDING_status_prints_a_huge_unknown_state_without_a_bound()
    {
        _server.OnStatus(ApixoEnvelopes.Status(Id, new string('s', 200_000)));

        var run = await StatusAsync();

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.True(run.Out.Length < 10_000, $"{run.Out.Length} characters printed");
    }

    // FINDING: StateName and CliOutput.TaskResult lowercase the state (a leftover from the enum's ToString()).
    // For an open set that is server text: "SUCCESS" (unknown, NOT terminal, waited through) is shown as
    // "success", which the user and a script reading --json take for the terminal success state.
    [Fact]
    public async Task FINDING_an_unknown_state_is_lowercased_and_reads_as_the_known_success()
    {
        _server.OnStatus(ApixoEnvelopes.Status(Id, "SUCCESS"));

        var text = await StatusAsync();
        var json = await StatusAsync("--json");

        Assert.Contains($"Task {Id}: SUCCESS", text.Out, StringComparison.Ordinal);
        Assert.Equal("SUCCESS", json.Json.GetProperty("state").GetString());
    }

    // NOT-A-BUG: an unknown state is reported and waited through; the next known terminal state ends the wait.
    [Fact]
    public async Task NOT_A_BUG_wait_goes_through_an_unknown_state_and_saves_the_result()
    {
        _server.Serve("/files/a.png", HostileAnswer.Png, "image/png");
        _server.OnStatus(ApixoEnvelopes.Status(Id, "queued_for_gpu\u001b[31m"), ApixoEnvelopes.Success(Id, _server.UrlOf("/files/a.png").ToString()));

        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", Key, "--out", Out], new SandboxClock(200));

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        Assert.DoesNotContain('\u001b', run.Out + run.Err);
        Assert.Single(Directory.GetFiles(Out));
    }

    // NOT-A-BUG: default(TaskState) behaves as the empty wire value: not known, not terminal, not success, no throw.
    [Fact]
    public void NOT_A_BUG_default_TaskState_is_the_empty_value_and_never_terminal()
    {
        var none = default(TaskState);

        Assert.Equal(string.Empty, none.Value);
        Assert.Equal(new TaskState(string.Empty), none);
        Assert.Equal(new TaskState(string.Empty).GetHashCode(), none.GetHashCode());
        Assert.False(none.IsKnown);
        Assert.False(TaskStateValues.IsTerminal(none));
        Assert.False(TaskStateValues.IsSuccess(none));
        Assert.Equal("\"\"", JsonSerializer.Serialize(none, ApixoJsonContext.Default.TaskState));
    }

    // NOT-A-BUG: a status answer whose state is null, a number or missing is unreadable (a missed poll), not a state.
    [Theory]
    [InlineData("{\"code\":200,\"message\":\"success\",\"data\":{\"taskId\":\"task_r2\",\"state\":null}}")]
    [InlineData("{\"code\":200,\"message\":\"success\",\"data\":{\"taskId\":\"task_r2\",\"state\":3}}")]
    [InlineData("{\"code\":200,\"message\":\"success\",\"data\":{\"taskId\":\"task_r2\"}}")]
    public async Task NOT_A_BUG_a_null_numeric_or_missing_state_is_unreadable(string body)
    {
        _server.OnStatus(HostileAnswer.Text(body));
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = Key, BaseAddress = _server.BaseUrl, MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(20) });

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => client.GetStatusAsync(Id));

        Assert.Equal(200, error.Status);
    }

    // ---------------------------------------------------------------- 2. Unset optional fields

    // NOT-A-BUG: an unset resolution is not sent, priced at the contract's default, and the JSON has no null.
    [Fact]
    public void NOT_A_BUG_an_unset_resolution_is_not_sent_and_is_priced_at_the_default()
    {
        var request = GptImage2.TextToImage("p").Build();
        var json = JsonSerializer.Serialize(request, ApixoJsonContext.Default.GenerateTaskRequest);

        Assert.Null(request.Input.Resolution);
        Assert.DoesNotContain("resolution", json, StringComparison.Ordinal);
        Assert.DoesNotContain("aspect_ratio", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.Equal(GptImage2Pricing.PricePerImage(ResolutionValues.Default), GptImage2Pricing.EstimateCost(request));
    }

    // ---------------------------------------------------------------- 3. GptImage2Modes and the CLI's generate

    // FINDING: GptImage2Modes.TryBuild reads only the fields of the mode it is given and silently drops the
    // rest: an explicit --mode text-to-image with --image-urls sends (and bills) a text-to-image request
    // without the user's images, exit 0.
    [Fact]
    public void FINDING_TryBuild_silently_drops_a_field_the_mode_does_not_take()
    {
        var values = new Dictionary<string, IReadOnlyList<string>>
        {
            ["prompt"] = ["restyle my photo"],
            ["image_urls"] = ["https://example.com/me.png"],
        };

        var built = GptImage2Modes.TryBuild("text-to-image", values, null, out var request, out var errors);

        Assert.False(built, "built " + (request is null ? "nothing" : JsonSerializer.Serialize(request, ApixoJsonContext.Default.GenerateTaskRequest)));
        Assert.Contains(errors, error => error.Message.Contains("image_urls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FINDING_generate_with_an_explicit_mode_drops_the_other_modes_options_and_bills()
    {
        _server.OnSubmit(200, ApixoEnvelopes.Submitted(Id));

        var run = await RunAsync(["generate", "restyle my photo", "--mode", "text-to-image", "--image-urls", "https://example.com/me.png", "--no-wait",
            "--base-url", _server.BaseUrl.ToString(), "--api-key", Key]);

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Empty(_server.RequestsTo(HostileApixoServer.SubmitPath));
    }

    // NOT-A-BUG: without the field every mode requires, TryBuild passes null to the builder (First(values, "prompt")!)
    // but the builder reports it as an error rather than throwing.
    [Fact]
    public void NOT_A_BUG_TryBuild_without_a_prompt_returns_false_rather_than_throwing()
    {
        var values = new Dictionary<string, IReadOnlyList<string>>();
        var built = false;
        IReadOnlyList<ApixoValidationError> errors = [];

        var thrown = Record.Exception(() => built = GptImage2Modes.TryBuild("text-to-image", values, null, out _, out errors));

        Assert.Null(thrown);
        Assert.False(built);
        Assert.Contains(errors, error => error.Message.Contains("prompt", StringComparison.Ordinal));
    }

    // FINDING (minor): the unknown-mode error's pointer is "input/mode"; every other error is "/input/…".
    [Fact]
    public void FINDING_an_unknown_mode_error_has_a_JSON_pointer_like_the_others()
    {
        var values = new Dictionary<string, IReadOnlyList<string>> { ["prompt"] = ["p"] };

        Assert.False(GptImage2Modes.TryBuild("inpaint", values, null, out _, out var errors));

        Assert.StartsWith("/", Assert.Single(errors).Path, StringComparison.Ordinal);
    }

    // NOT-A-BUG: inference picks image-to-image when --image-urls is given, and every failure with --json is one object.
    [Fact]
    public async Task NOT_A_BUG_mode_is_inferred_and_json_failures_are_one_object()
    {
        _server.OnSubmit(200, ApixoEnvelopes.Submitted(Id));
        var ok = await RunAsync(["generate", "p", "--image-urls", "https://example.com/a.png", "--no-wait", "--json", "--base-url", _server.BaseUrl.ToString(), "--api-key", Key]);
        var bad = await RunAsync(["generate", "p", "--image-urls", "ftp://example.com/a.png", "--no-wait", "--json", "--base-url", _server.BaseUrl.ToString(), "--api-key", Key]);
        var badMode = await RunAsync(["generate", "p", "--mode", "inpaint", "--json", "--base-url", _server.BaseUrl.ToString(), "--api-key", Key]);

        Assert.Equal(ExitCodes.Success, ok.Exit);
        var body = Assert.Single(_server.RequestsTo(HostileApixoServer.SubmitPath)).Body;
        Assert.Contains("\"image-to-image\"", body, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, bad.Exit);
        Assert.Equal(JsonValueKind.Object, bad.Json.ValueKind);
        Assert.NotEqual(ExitCodes.Success, badMode.Exit);
        Assert.Equal(JsonValueKind.Object, badMode.Json.ValueKind);
        Assert.Single(_server.RequestsTo(HostileApixoServer.SubmitPath));
    }

    // ---------------------------------------------------------------- 4. The sandbox's schema check

    // NOT-A-BUG: the closed shapes, the discriminator and required-when hold on raw bodies.
    [Theory]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","image_urls":["https://e.com/a.png"]}}""")]
    [InlineData("""{"request_type":"async","input":{"mode":"image-to-image","prompt":"p"}}""")]
    [InlineData("""{"request_type":"async","input":{"mode":"Text-To-Image","prompt":"p"}}""")]
    [InlineData("""{"request_type":"async","input":{"prompt":"p"}}""")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","resolution":null}}""")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p"},"extra":1}""")]
    [InlineData("""{"request_type":"callback","input":{"mode":"text-to-image","prompt":"p"}}""")]
    [InlineData("""{"request_type":"callback","callback_url":"http://e.com/cb","input":{"mode":"text-to-image","prompt":"p"}}""")]
    [InlineData("""{"request_type":"async","input":{"mode":"image-to-image","prompt":"p","image_urls":["https://"]}}""")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":""}}""")]
    public void NOT_A_BUG_the_sandbox_refuses_raw_bodies_the_contract_refuses(string text)
    {
        using var body = JsonDocument.Parse(text);

        Assert.NotEmpty(SandboxContract.Load(null).SubmitSchema.Check(body.RootElement));
    }

    // FINDING: the sandbox reads the task states from its (edited) contract, but decides which end a task from
    // the compiled TaskStateValues.IsTerminal. A contract that adds a terminal state "canceled" gets tasks that
    // never finish: no completeTime, never a callback, and each counts against the concurrency limit forever.
    [Fact]
    public async Task FINDING_a_sandbox_on_a_contract_with_a_new_terminal_state_never_finishes_its_tasks()
    {
        var edit = new ContractEdit();
        var state = edit.Schema("TaskState");
        ((YamlSequenceNode)state["enum"]).Add("canceled");
        ((YamlSequenceNode)state["x-enumNames"]).Add("Canceled");
        ((YamlSequenceNode)state["x-apixo-terminal-states"]).Add("canceled");
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 600, Contract = edit.ToString(), AllowLoopbackCallbacks = false });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");

        var submitted = await http.PostAsync(new Uri(sandbox.BaseUrl + "/generateTask/gpt-image-2"),
            new StringContent("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"[state:canceled] p"}}""", Encoding.UTF8, "application/json"));
        var submitText = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, submitText);
        var taskId = JsonNode.Parse(submitText)!["data"]!["taskId"]!.GetValue<string>();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var status = JsonNode.Parse(await http.GetStringAsync(new Uri(sandbox.BaseUrl + "/statusTask/gpt-image-2?taskId=" + Uri.EscapeDataString(taskId))))!["data"]!;

        Assert.Equal("canceled", status["state"]!.GetValue<string>());
        Assert.NotNull(status["completeTime"]);
    }

    // ---------------------------------------------------------------- 5. ServerData and the exception's message

    // FINDING: ServerData masks only the key spelled verbatim; the CLI's Secrets also masks it URL-encoded
    // (a server echoing the query string or a form). The library's users log ServerData as is.
    [Fact]
    public async Task FINDING_ServerData_keeps_a_URL_encoded_echo_of_the_key()
    {
        _server.OnBalance(HostileAnswer.Text(ApixoEnvelopes.Error(400, "bad", "{\"echo\":\"" + Uri.EscapeDataString(Key) + "\"}"), status: 400));
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = Key, BaseAddress = _server.BaseUrl, MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(20) });

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => client.GetBalanceAsync());

        Assert.NotNull(error.ServerData);
        Assert.DoesNotContain(Uri.EscapeDataString(Key), error.ServerData!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Key), error.Message, StringComparison.Ordinal);
    }

    // NOT-A-BUG: control characters of the server's message and data do not reach Exception.Message.
    [Fact]
    public async Task NOT_A_BUG_the_server_message_reaches_Exception_Message_without_control_characters()
    {
        _server.OnBalance(HostileAnswer.Text(ApixoEnvelopes.Error(400, "bad\u001b]0;pwned\u0007\u001b[2J", "{\"field\":\"x\u001b[31m\"}"), status: 400));
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = Key, BaseAddress = _server.BaseUrl, MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(20) });

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => client.GetBalanceAsync());

        Assert.DoesNotContain('\u001b', error.Message);
    }

    // NOT-A-BUG: a verbatim key in data (also JSON-escaped, also as a member name) is masked; big data is dropped.
    [Fact]
    public async Task NOT_A_BUG_ServerData_masks_the_key_and_is_bounded()
    {
        var escapedKey = string.Concat(Key.Select(c => $"\\u{(int)c:x4}"));
        _server.OnBalance(
            HostileAnswer.Text(ApixoEnvelopes.Error(400, "bad " + Key, "{\"" + escapedKey + "\":\"Bearer " + escapedKey + "\"}"), status: 400),
            HostileAnswer.Text(ApixoEnvelopes.Error(400, "bad", "{\"pad\":\"" + new string('x', 10_000) + "\"}"), status: 400));
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = Key, BaseAddress = _server.BaseUrl, MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(20) });

        var masked = await Assert.ThrowsAsync<ApixoApiException>(() => client.GetBalanceAsync());
        var big = await Assert.ThrowsAsync<ApixoApiException>(() => client.GetBalanceAsync());

        Assert.DoesNotContain(Key, masked.ServerData!.Value.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, masked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, masked.ServerMessage ?? string.Empty, StringComparison.Ordinal);
        Assert.Null(big.ServerData);
    }

    // ---------------------------------------------------------------- 6. Issue-9 guarantees

    // NOT-A-BUG: a failed save after success still prints the URL first, exits 6 with the retry command, and
    // writes nothing outside --out.
    [Fact]
    public async Task NOT_A_BUG_a_failed_save_exits_6_with_the_URL_and_the_retry()
    {
        _server.ServeHtml("/files/x.png");
        var url = _server.UrlOf("/files/x.png").ToString();
        _server.OnStatus(ApixoEnvelopes.Status(Id, "mystery"), ApixoEnvelopes.Success(Id, url));

        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", Key, "--out", Out], new SandboxClock(200));

        Assert.Equal(ExitCodes.ResultNotSaved, run.Exit);
        Assert.Contains(url, run.Out, StringComparison.Ordinal);
        Assert.Contains($"apixo wait {Id} --out", run.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Out) ? Directory.GetFileSystemEntries(Out) : []);
        Assert.Equal([Path.GetFileName(Out)], _root.GetFileSystemInfos().Select(i => i.Name).Where(n => n != "out").DefaultIfEmpty("out"));
    }
}
