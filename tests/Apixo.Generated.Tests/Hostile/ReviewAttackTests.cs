using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;
using Apixo.Generated.Tests.TestSupport;
using WireMock.Server;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>
/// The adversarial review of issue 9, kept as regression tests: each test is an attack. Those marked FINDING
/// (or "Found in review") failed before their fix; those marked NOT-A-BUG held from the start.
/// </summary>
public sealed class ReviewAttackTests : HostileCliTestBase
{
    // A long, plain-shaped key: the kind of key a real service hands out.
    private const string LongKey = "sk-live-abcdefghijklmnopqrstuvwxyz0123456789abcdef";

    // A key with characters that URL and JSON encoders both rewrite.
    private const string OddKey = "sk-hostile+KEY<42>";

    private const string Id = "task_r1";

    // ------------------------------------------------------------------ the key

    // FINDING: TerminalText.Escape cuts a server string (here failMsg, to 1024) BEFORE SafeWriter redacts the
    // line, so a key echoed near the cut is printed minus its tail, and a partial key matches no redaction form.
    [Fact]
    public async Task ReviewAttack_key_echoed_at_the_truncation_point_leaks_its_prefix()
    {
        var failMsg = new string('x', 1024 - 40) + LongKey;
        _server.OnStatus(ApixoEnvelopes.Failed(Id, "CONTENT_VIOLATION", failMsg));

        var run = await RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", LongKey]);

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.DoesNotContain(LongKey[..40], run.All, StringComparison.Ordinal);
    }

    // FINDING: a server id that holds the key becomes a hashed stem whose readable part is the key's first 32
    // characters; the printed "Saved:" path (and the file name on disk) then carry 32 characters of the key.
    [Fact]
    public async Task ReviewAttack_key_as_server_task_id_leaks_through_the_file_name()
    {
        var hostileId = LongKey + "!";
        _server.OnSubmit(200, ApixoEnvelopes.Submitted(hostileId));
        _server.OnStatus(ApixoEnvelopes.Success(hostileId, Png("a.png")));

        var run = await RunAsync(["generate", "a prompt", "--base-url", _server.BaseUrl.ToString(), "--api-key", LongKey, "--out", Out, "--timeout", "86400"], clock: new SandboxClock(100));

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        Assert.DoesNotContain(LongKey[..32], run.All, StringComparison.Ordinal);
    }

    // FINDING: the key percent-encoded inside a result URL (as a server that echoes it in a signed CDN URL
    // would write it) is printed: Secrets knows the raw and JSON-escaped forms, not the URL-encoded one.
    [Fact]
    public async Task ReviewAttack_key_percent_encoded_in_a_result_url_is_printed()
    {
        var url = "https://cdn.example.com/a.png?token=" + Uri.EscapeDataString(OddKey);
        _server.OnStatus(ApixoEnvelopes.Success(Id, url));

        var text = await RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey]);
        var json = await RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--json"]);

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (text.Exit, json.Exit));
        Assert.DoesNotContain(Uri.EscapeDataString(OddKey), text.All + json.All, StringComparison.Ordinal);
    }

    // FINDING: a key typed after a misspelt option name that does not look like a key option, or typed bare
    // (the option name forgotten), is echoed by System.CommandLine's "Unrecognized command or argument".
    [Theory]
    [InlineData("--kye")]
    [InlineData("--ky")]
    [InlineData("--pai-kee")]
    [InlineData(null)]
    public async Task ReviewAttack_key_after_a_typo_or_bare_is_echoed_by_the_parser(string? option)
    {
        const string Secret = "live_9f8e7d6c5b4a39281706";
        string[] args = option is null
            ? ["balance", Secret, "--base-url", _server.BaseUrl.ToString()]
            : ["balance", option, Secret, "--base-url", _server.BaseUrl.ToString()];

        var run = await RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Empty(_server.Requests);
        Assert.DoesNotContain(Secret, run.All, StringComparison.Ordinal);
    }

    // NOT-A-BUG: a key that starts with a dash (Secrets skips a next token that starts with a dash) is still not
    // echoed: the parser takes it as the option's value and the validator's message does not repeat it.
    [Fact]
    public async Task ReviewAttack_key_starting_with_a_dash_is_echoed()
    {
        const string Secret = "-Zk9f8e7d6c5b4a39281706";

        var run = await RunAsync(["balance", "--api-key", Secret, "--base-url", _server.BaseUrl.ToString()]);

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Empty(_server.Requests);
        Assert.DoesNotContain(Secret[1..], run.All, StringComparison.Ordinal);
    }

    // NOT-A-BUG: a key holding CR/LF (a pasted key) is never sent as a header injection, never printed, exit 2 or 4.
    [Fact]
    public async Task ReviewAttack_key_with_a_newline_from_the_environment()
    {
        const string Secret = "sk-abcdefgh12345678\r\nX-Injected: 1";
        var environment = new Dictionary<string, string?> { ["APIXO_API_KEY"] = Secret, ["APIXO_BASE_URL"] = _server.BaseUrl.ToString() };

        var run = await RunAsync(["balance"], environment);

        Assert.DoesNotContain(_server.Requests, request => request.Header("X-Injected") is not null);
        Assert.DoesNotContain("abcdefgh12345678", run.All, StringComparison.Ordinal);
        Assert.True(run.Exit is ExitCodes.InvalidInput or ExitCodes.ApiError, $"exit {run.Exit}: {run.Err}");
    }

    // NOT-A-BUG: --api-key=... and APIXO_API_KEY with surrounding whitespace are masked when echoed.
    [Fact]
    public async Task ReviewAttack_inline_and_padded_keys_are_masked_when_echoed()
    {
        _server.OnBalance(HostileAnswer.Text(ApixoEnvelopes.Error(401, "Invalid key: " + LongKey), status: 401));

        var inline = await RunAsync(["balance", "--api-key=" + LongKey, "--base-url", _server.BaseUrl.ToString(), "--json"]);
        var padded = await RunAsync(["balance"], new Dictionary<string, string?> { ["APIXO_API_KEY"] = "  " + LongKey + " ", ["APIXO_BASE_URL"] = _server.BaseUrl.ToString() });

        Assert.Equal((ExitCodes.ApiError, ExitCodes.ApiError), (inline.Exit, padded.Exit));
        Assert.DoesNotContain(LongKey, inline.All + padded.All, StringComparison.Ordinal);
        Assert.Contains("***", inline.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ exit codes and --json

    // Found in review: a --connect-timeout under a tick rounded to zero and crashed the downloader after the
    // task succeeded (after the billed submit for generate). Now it is refused as input, before anything is sent.
    [Fact]
    public async Task ReviewAttack_tiny_connect_timeout_is_refused_before_anything_is_sent()
    {
        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out, "--connect-timeout", "0.00000001", "--json"]);
        var generate = await RunAsync(["generate", "p", "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out, "--connect-timeout", "0.00000001"]);

        Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput), (run.Exit, generate.Exit));
        Assert.Contains("--connect-timeout", run.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    // FINDING (severe): a success answer whose resultUrls holds a null next to a real URL makes the CLI throw a
    // NullReferenceException while printing the URLs: exit 1 "unexpected error", the real (paid) URL is printed
    // nowhere (not on stdout, not in the --json object), no task id in the JSON, no retry command.
    [Fact]
    public async Task ReviewAttack_null_among_result_urls_crashes_and_loses_the_paid_url()
    {
        var url = Png("a.png");
        _server.OnStatus(ApixoEnvelopes.SuccessWithResultJson(Id, "{\"resultUrls\":[\"" + url + "\",null]}"));

        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out, "--json"]);

        Assert.True(run.Exit != ExitCodes.Unexpected, $"exit {run.Exit}; stdout: {run.Out}; stderr: {run.Err}");
        Assert.Contains(url, run.All, StringComparison.Ordinal);
        Assert.Equal(Id, run.Json.GetProperty("taskId").GetString());
    }

    // FINDING: --timeout 1e300 passes the "positive and finite" check, then TimeSpan.FromSeconds overflows:
    // exit 1 ("a bug in apixo") for plain bad input instead of 2.
    [Fact]
    public async Task ReviewAttack_huge_timeout_is_exit_1_not_2()
    {
        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out, "--timeout", "1e300"]);

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Empty(_server.Requests);
    }

    // FINDING: --timeout under one tick becomes a zero Deadline; with the in-process sandbox the options
    // validation exception is not caught (only the remote path catches it): exit 1.
    [Fact]
    public async Task ReviewAttack_sub_tick_timeout_with_the_sandbox_is_exit_1_not_2()
    {
        var run = await RunAsync(["wait", Id, "--sandbox", "--out", Out, "--timeout", "0.00000001"]);

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
    }

    // FINDING: a parse error prints the --json object only when the exact token "--json" is present, but the
    // parser also accepts "--json=true" / "--json:true": then a parse error prints zero objects.
    [Theory]
    [InlineData("--json=true")]
    [InlineData("--json:true")]
    public async Task ReviewAttack_json_spelt_with_a_value_gets_no_object_on_a_parse_error(string json)
    {
        _server.OnBalance(HostileAnswer.Text(ApixoEnvelopes.Balance(12.5m)));
        var ok = await RunAsync(["balance", "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, json]);
        Assert.Equal(ExitCodes.Success, ok.Exit);
        JsonDocument.Parse(ok.Out); // the spelling is accepted: one object on success

        var bad = await RunAsync(["balance", "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, json, "--no-such-option"]);

        Assert.Equal(ExitCodes.InvalidInput, bad.Exit);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(bad.Out).RootElement.ValueKind);
    }

    // FINDING (low): --help with --json prints help text, not exactly one JSON object.
    [Fact]
    public async Task ReviewAttack_help_with_json_is_not_one_json_object()
    {
        var run = await RunAsync(["status", "--help", "--json"]);

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(run.Out).RootElement.ValueKind);
    }

    // FINDING: a sweep of odd status answers; answer 6 (resultUrls: [null]) makes `status` throw a
    // NullReferenceException: exit 1 "unexpected error" caused by the server, not by a bug the user can report
    // usefully (see ReviewAttack_null_among_result_urls_crashes_and_loses_the_paid_url for the costly case).
    [Fact]
    public async Task ReviewAttack_odd_answers_exit_only_with_documented_codes_and_one_json_object()
    {
        var answers = new[]
        {
            HostileAnswer.Text("{", "application/json"),
            HostileAnswer.Text("null"),
            HostileAnswer.Text("[]"),
            HostileAnswer.Text("{\"code\":200,\"data\":null}"),
            HostileAnswer.Text("{\"code\":200,\"data\":{\"taskId\":\"task_r1\",\"state\":\"success\",\"resultJson\":\"{\\\"resultUrls\\\":[\\\"not a url\\\"]}\"}}"),
            HostileAnswer.Text("{\"code\":200,\"data\":{\"taskId\":\"task_r1\",\"state\":\"success\",\"resultJson\":\"{\\\"resultUrls\\\":[\\\"/relative.png\\\"]}\"}}"),
            HostileAnswer.Text("{\"code\":200,\"data\":{\"taskId\":\"task_r1\",\"state\":\"success\",\"resultJson\":\"{\\\"resultUrls\\\":[null]}\"}}"),
            HostileAnswer.Text("{\"code\":200,\"data\":{\"taskId\":\"task_r1\",\"state\":\"weird\"}}"),
            HostileAnswer.Text("{\"code\":200,\"data\":{\"taskId\":\"task_r1\",\"state\":\"success\",\"resultJson\":\"{\\\"resultUrls\\\":[\\\"https://[::1\\\"]}\"}}"),
        };
        var problems = new List<string>();
        foreach (var (answer, i) in answers.Select((a, i) => (a, i)))
        {
            _server.OnStatus(answer);
            var run = await RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--json"]);
            if (!ExitCodes.Documented.Contains(run.Exit) || run.Exit == ExitCodes.Unexpected)
            {
                problems.Add($"answer {i}: exit {run.Exit}: {run.Err}");
            }

            try
            {
                JsonDocument.Parse(run.Out);
            }
            catch (JsonException)
            {
                problems.Add($"answer {i}: stdout is not one JSON object: {run.Out}");
            }
        }

        Assert.Empty(problems);
    }

    // ------------------------------------------------------------------ file names

    // FINDING (low): the hash is over UTF-8 bytes, and UTF-8 encoding turns every lone surrogate into U+FFFD,
    // so distinct ids get the same stem: the "injective" promise does not hold for every string.
    [Fact]
    public void ReviewAttack_stems_of_ids_with_lone_surrogates_collide()
    {
        var a = ResultFileName.StemOf("task\uD800");
        var b = ResultFileName.StemOf("task\uDC00");
        var c = ResultFileName.StemOf("task\uFFFD");

        Assert.Equal(3, new[] { a, b, c }.Distinct(StringComparer.Ordinal).Count());
    }

    // NOT-A-BUG: ids that differ by case, by dropped characters, by Unicode normalization or only past the
    // readable cut get different stems, none hidden, none with a separator.
    [Fact]
    public void ReviewAttack_stems_are_distinct_and_safe()
    {
        string[] ids =
        [
            "task_a", "Task_a", "TASK_A", "task_a.", "task.a", "task/a", "task\\a", "task a", "task_a\u200b", "t\u00e9", "te\u0301",
            "con", "CON", "con.", "aux", ".hidden", "-dash", "..", "~task", "task~", new string('a', 64), new string('a', 65),
            new string('a', 200) + "1", new string('a', 200) + "2", "task\u202Egnp.exe", "task\u0000", "a:b", "a*b", "a?b",
        ];

        var stems = ids.Select(id => ResultFileName.StemOf(id)).ToArray();

        Assert.Equal(ids.Length, stems.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(stems, stem => Assert.Matches("^[a-z0-9][a-z0-9_-]{0,63}(~[0-9a-f]{16})?$", stem));
    }

    // NOT-A-BUG: a user id that is a path, or carries a query of its own, is sent escaped and saved inside --out.
    [Theory]
    [InlineData("../x")]
    [InlineData("x&taskId=task_other")]
    [InlineData("/etc/passwd")]
    public async Task ReviewAttack_a_user_id_that_is_a_path_or_a_query(string id)
    {
        _server.OnStatus(ApixoEnvelopes.Success(id, Png("a.png")));

        var run = await RunAsync(["wait", id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out]);

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        var request = Assert.Single(_server.RequestsTo(HostileApixoServer.StatusPath));
        Assert.Equal(id, System.Web.HttpUtility.ParseQueryString(request.Query)["taskId"]);
        Assert.Single(Directory.GetFiles(Out));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(_root.FullName).Select(Path.GetFileName));
    }

    // NOT-A-BUG: --out that is a symlink to a folder is used as the user named it (their choice); a symlink
    // planted under the .part pattern or the final name is never followed.
    [Fact]
    public async Task ReviewAttack_out_as_a_symlink_and_planted_links()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root.FullName, "real"));
        var link = Path.Combine(_root.FullName, "link");
        Directory.CreateSymbolicLink(link, real.FullName);
        var victim = Path.Combine(_root.FullName, "victim.txt");
        await File.WriteAllTextAsync(victim, "precious");
        File.CreateSymbolicLink(Path.Combine(real.FullName, Id + "-0.png"), victim);
        File.CreateSymbolicLink(Path.Combine(real.FullName, Id + "-0.1.png"), Path.Combine(_root.FullName, "dangling"));
        _server.OnStatus(ApixoEnvelopes.Success(Id, Png("a.png")));

        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", link]);

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        Assert.Equal("precious", await File.ReadAllTextAsync(victim));
        Assert.False(File.Exists(Path.Combine(_root.FullName, "dangling")));
        Assert.Equal(HostileAnswer.Png, await File.ReadAllBytesAsync(Path.Combine(real.FullName, Id + "-0.2.png")));
    }

    // ------------------------------------------------------------------ downloads

    // NOT-A-BUG: other spellings of loopback and private addresses are refused with a remote API.
    [Theory]
    [InlineData("https://2130706433:{port}/files/a.png")]
    [InlineData("https://0x7f.1:{port}/files/a.png")]
    [InlineData("https://0177.0.0.1:{port}/files/a.png")]
    [InlineData("https://127.1:{port}/files/a.png")]
    [InlineData("https://LOCALHOST:{port}/files/a.png")]
    [InlineData("https://[0:0:0:0:0:ffff:7f00:1]:{port}/files/a.png")]
    [InlineData("https://[::127.0.0.1]:{port}/files/a.png")]
    [InlineData("https://[64:ff9b::7f00:1]:{port}/files/a.png")]
    [InlineData("https://[fe80::1%25lo]:{port}/files/a.png")]
    [InlineData("https://0.0.0.0:{port}/files/a.png")]
    [InlineData("https://[::]:{port}/files/a.png")]
    [InlineData("https://100.100.100.200/latest/meta-data")]
    [InlineData("https://[fd00:ec2::254]/latest/meta-data")]
    public async Task ReviewAttack_private_address_spellings_are_refused_remotely(string template)
    {
        _server.Serve("/files/a.png", HostileAnswer.Png, "image/png");
        var url = template.Replace("{port}", _server.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        _server.OnStatus(ApixoEnvelopes.Success(Id, url));

        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out, "--connect-timeout", "2"], remote: true);

        Assert.True(run.Exit == ExitCodes.ApiError, $"exit {run.Exit}: {run.Err}");
        Assert.Contains("loopback, private, link-local or metadata", run.Err, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo("/files/a.png"));
    }

    // NOT-A-BUG: "localhost." (trailing dot) is never fetched: here it does not resolve (exit 6, no request);
    // where it resolves, the connect-time check refuses the loopback address.
    [Fact]
    public async Task ReviewAttack_localhost_with_a_trailing_dot_is_never_fetched_remotely()
    {
        _server.Serve("/files/a.png", HostileAnswer.Png, "image/png");
        _server.OnStatus(ApixoEnvelopes.Success(Id, $"https://localhost.:{_server.BaseUrl.Port}/files/a.png"));

        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out, "--connect-timeout", "2"], remote: true);

        Assert.True(run.Exit is ExitCodes.ApiError or ExitCodes.ResultNotSaved, $"exit {run.Exit}: {run.Err}");
        Assert.Empty(_server.RequestsTo("/files/a.png"));
    }

    // NOT-A-BUG: a redirect to a URL with user info, or to a data: URL, is refused (exit 4), never thrown.
    [Theory]
    [InlineData("http://user:pass@127.0.0.1:{port}/files/a.png")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("//evil.invalid/a.png")]
    public async Task ReviewAttack_redirect_tricks(string location)
    {
        _server.Serve("/files/a.png", HostileAnswer.Png, "image/png");
        _server.Redirect("/files/r", location.Replace("{port}", _server.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        _server.OnStatus(ApixoEnvelopes.Success(Id, _server.UrlOf("/files/r").ToString()));

        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out, "--connect-timeout", "2", "--json"]);

        Assert.True(run.Exit is ExitCodes.ApiError or ExitCodes.ResultNotSaved, $"exit {run.Exit}: {run.Err}");
        Assert.Empty(_server.RequestsTo("/files/a.png"));
        Assert.Equal(1, run.Json.GetProperty("resultUrls").GetArrayLength());
    }

    // NOT-A-BUG: a gzip bomb as an API answer is never inflated (no automatic decompression): exit 4.
    [Fact]
    public async Task ReviewAttack_gzip_bomb_api_answer()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = Encoding.UTF8.GetBytes(new string(' ', 1024 * 1024));
            gzip.Write("{\"code\":200,\"data\":{\"taskId\":\"task_r1\",\"state\":\"pending\"}"u8);
            for (var i = 0; i < 200; i++)
            {
                gzip.Write(chunk);
            }

            gzip.Write("}"u8);
        }

        _server.OnStatus(HostileAnswer.Bytes(buffer.ToArray(), "application/json").WithHeader("Content-Encoding", "gzip"));

        var run = await RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--json"]);

        Assert.Equal(ExitCodes.ApiError, run.Exit);
        JsonDocument.Parse(run.Out);
    }

    // NOT-A-BUG: a .part file left by someone else, and a full set of taken names, never lose the URLs.
    [Fact]
    public async Task ReviewAttack_all_names_taken_reports_the_url_with_exit_6()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, Id + "-0.png"), "x");
        for (var i = 1; i <= 99; i++)
        {
            File.WriteAllText(Path.Combine(Out, $"{Id}-0.{i}.png"), "x");
        }

        var url = Png("a.png");
        _server.OnStatus(ApixoEnvelopes.Success(Id, url));

        var run = await RunAsync(["wait", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey, "--out", Out, "--json"]);

        Assert.Equal(ExitCodes.ResultNotSaved, run.Exit);
        Assert.Equal(url, run.Json.GetProperty("resultUrls")[0].GetString());
        Assert.DoesNotContain(Directory.GetFiles(Out), file => file.EndsWith(".part", StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ terminal

    // NOT-A-BUG: ESC, CSI and bidi in a prompt echoed by the parser, in a server message and in a server id
    // do not reach the output raw.
    [Fact]
    public async Task ReviewAttack_control_characters_in_parser_echo_and_server_strings()
    {
        const string Evil = "\u001b]8;;https://evil\u0007x\u009b2J\u202e\u2066\u0085";
        var parse = await RunAsync(["generate", "p", "--aspect-ratio", Evil, "--json"]);
        _server.OnStatus(HostileAnswer.Text(ApixoEnvelopes.Error(500, "boom" + Evil), status: 400));
        var api = await RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", OddKey]);

        foreach (var output in new[] { parse.All, api.All })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u009b', output);
            Assert.DoesNotContain('\u202e', output);
            Assert.DoesNotContain('\u0085', output);
        }
    }

    // ------------------------------------------------------------------ webhook receiver

    // Found in review: a signed callback stayed valid (24 h) longer than its task id was remembered (1 h), so a
    // replay after the window was handled again. Now the two agree by default, and a signing setup where the
    // window is shorter than the signature's life is refused at start-up.
    [Fact]
    public async Task ReviewAttack_a_replay_window_longer_than_the_dedupe_window_is_refused_at_start_up()
    {
        const string SigningKey = "review-key-0123456789abcdefghijklmnop";
        using var api = WireMockServer.Start();
        var defaults = new Apixo.Generated.AspNetCore.ApixoWebhookOptions();

        Assert.True(defaults.DeduplicationWindow >= defaults.SignatureMaxAge);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var receiver = await WebhookHost.StartAsync(new Uri(api.Url + "/api/v1"), options =>
            {
                options.SigningKey = SigningKey;
                options.DeduplicationWindow = TimeSpan.FromSeconds(1);
            });
        });
        Assert.Contains("DeduplicationWindow must not be shorter than SignatureMaxAge", error.ToString(), StringComparison.Ordinal);
    }

    // Found in review: one captured signed URL carried callbacks for any task id, each costing a status call.
    // Now a token is tied to the first task it came with: forged ids under it get 401 and cost nothing.
    [Fact]
    public async Task ReviewAttack_one_signed_url_carries_callbacks_for_one_task_only()
    {
        const string SigningKey = "review-key-0123456789abcdefghijklmnop";
        using var api = WireMockServer.Start();
        using var http = new HttpClient();
        WebhookHost.AnswerStatus(api, _ => "failed");
        await using var receiver = await WebhookHost.StartAsync(new Uri(api.Url + "/api/v1"), options => options.SigningKey = SigningKey);
        var signed = ApixoCallbackSignature.Sign(receiver.Url, SigningKey);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await http.PostAsync(signed, WebhookHost.Callback($"task_forged_{i}"))).StatusCode);
        }

        answers.Add((await http.PostAsync(signed, WebhookHost.Callback("task_forged_0"))).StatusCode);
        Assert.NotNull(await receiver.NextHandledAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK], answers);
        Assert.Equal(new Dictionary<string, int> { ["task_forged_0"] = 1 }, WebhookHost.StatusCalls(api));
    }

    // ------------------------------------------------------------------ helpers

    private static Task<Run> RunAsync(string[] args, Dictionary<string, string?>? environment = null, bool remote = false, TimeProvider? clock = null) =>
        RunCliAsync(args, environment, remote, clock);
}
