using System.Net;
using System.Text.Json;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>
/// The CLI against a fake APIXO that answers crafted bodies. Each case asserts the exit code, what was written
/// where (only the expected files in --out, nothing outside it, no leftover), and the requests made.
/// </summary>
public sealed class HostileCliTests : HostileCliTestBase
{
    private const string Key = "sk-hostile+KEY<42>";
    private const string Id = "task_h1";

    // --- Files on disk ---

    [Theory]
    [InlineData("../../evil")]
    [InlineData("../out2/evil")]
    [InlineData("/tmp/apixo-absolute-evil")]
    [InlineData("..")]
    [InlineData("sub/dir\\evil")]
    public async Task A_server_id_that_is_a_path_still_saves_only_inside_out(string serverId)
    {
        _server.OnSubmit(200, ApixoEnvelopes.Submitted(serverId));
        _server.OnStatus(ApixoEnvelopes.Success(serverId, Png("a.png")));

        var run = await GenerateAsync();

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        var file = Assert.Single(Directory.GetFiles(Out));
        Assert.Matches(@"^[a-z0-9_-]*~[0-9a-f]{16}-0\.png$", Path.GetFileName(file));
        AssertNothingOutsideOut();
        Assert.False(File.Exists("/tmp/apixo-absolute-evil-0.png"));
        Assert.Single(_server.RequestsTo(HostileApixoServer.SubmitPath));
        Assert.Single(_server.RequestsTo("/files/a.png"));
    }

    [Fact]
    public async Task A_file_or_symlink_already_in_out_is_never_followed_or_overwritten()
    {
        Directory.CreateDirectory(Out);
        var victim = Path.Combine(_root.FullName, "victim.txt");
        await File.WriteAllTextAsync(victim, "precious");
        File.CreateSymbolicLink(Path.Combine(Out, Id + "-0.png"), victim);
        _server.OnStatus(ApixoEnvelopes.Success(Id, Png("a.png")));

        var run = await WaitAsync(Id);

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        Assert.Equal("precious", await File.ReadAllTextAsync(victim));
        Assert.Equal(HostileAnswer.Png, await File.ReadAllBytesAsync(Path.Combine(Out, Id + "-0.1.png")));
        Assert.Equal([Id + "-0.1.png", Id + "-0.png"], Directory.GetFileSystemEntries(Out).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("jpeg", "jpg")]
    [InlineData("webp", "webp")]
    [InlineData("png", "png")]
    public async Task The_extension_comes_from_the_bytes_not_the_URL(string kind, string extension)
    {
        var body = kind switch { "jpeg" => HostileAnswer.Jpeg, "webp" => HostileAnswer.Webp, _ => HostileAnswer.Png };
        _server.Serve("/files/image.png", body, "application/octet-stream");
        _server.OnStatus(ApixoEnvelopes.Success(Id, _server.UrlOf("/files/image.png").ToString()));

        var run = await WaitAsync(Id);

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        Assert.Equal(body, await File.ReadAllBytesAsync(Path.Combine(Out, $"{Id}-0.{extension}")));
    }

    [Fact]
    public async Task A_body_that_is_no_image_is_not_saved_and_its_URL_is_still_reported()
    {
        _server.ServeHtml("/files/portal.png");
        var url = _server.UrlOf("/files/portal.png").ToString();
        _server.OnStatus(ApixoEnvelopes.Success(Id, url));

        var run = await WaitAsync(Id, "--json");

        Assert.Equal(ExitCodes.ResultNotSaved, run.Exit);
        Assert.Contains("not a PNG, JPEG or WebP", run.Err, StringComparison.Ordinal);
        Assert.Equal(url, run.Json.GetProperty("resultUrls")[0].GetString());
        Assert.Equal(0, run.Json.GetProperty("files").GetArrayLength());
        Assert.Contains($"apixo wait {Id} --out", run.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        AssertOutHolds();
    }

    [Fact]
    public async Task A_body_cut_short_leaves_no_half_written_image()
    {
        _server.Serve("/files/cut.png", HostileAnswer.Truncated([.. HostileAnswer.Png, .. new byte[4096]], 1_000_000));
        _server.OnStatus(ApixoEnvelopes.Success(Id, _server.UrlOf("/files/cut.png").ToString()));

        var run = await WaitAsync(Id);

        Assert.Equal(ExitCodes.ResultNotSaved, run.Exit);
        AssertOutHolds();
    }

    [Fact]
    public async Task An_unwritable_out_fails_before_the_billed_submit()
    {
        var run = await GenerateAsync("--out", "/proc/apixo-cannot-write");

        Assert.Equal(ExitCodes.InvalidInput, run.Exit);
        Assert.Contains("not a writable folder", run.Err, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Wait_and_status_with_an_empty_id_send_nothing(string id)
    {
        var wait = await WaitAsync(id);
        var status = await RunAsync(["status", id, "--base-url", _server.BaseUrl.ToString(), "--api-key", Key]);

        Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput), (wait.Exit, status.Exit));
        Assert.Empty(_server.Requests);
        Assert.False(Directory.Exists(Out) && Directory.EnumerateFileSystemEntries(Out).Any());
    }

    // --- Downloads ---

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_before_a_byte_is_saved()
    {
        _server.ServeHuge("/files/huge.png", 50L * 1024 * 1024);
        _server.OnStatus(ApixoEnvelopes.Success(Id, _server.UrlOf("/files/huge.png").ToString()));

        var run = await WaitAsync(Id, "--max-image-bytes", "1000000");

        Assert.Equal(ExitCodes.ResultNotSaved, run.Exit);
        Assert.Contains("over the 1000000-byte limit", run.Err, StringComparison.Ordinal);
        AssertOutHolds();
        Assert.Single(_server.RequestsTo("/files/huge.png"));
    }

    [Theory]
    [InlineData("undeclared")]
    [InlineData("endless")]
    public async Task A_body_with_no_or_no_end_is_cut_at_the_limit_while_streaming(string kind)
    {
        if (kind == "endless")
        {
            _server.ServeEndless("/files/big.png");
        }
        else
        {
            _server.ServeHuge("/files/big.png", 50L * 1024 * 1024, declareLength: false);
        }

        _server.OnStatus(ApixoEnvelopes.Success(Id, _server.UrlOf("/files/big.png").ToString()));

        var run = await WaitAsync(Id, "--max-image-bytes", "2000000");

        Assert.Equal(ExitCodes.ResultNotSaved, run.Exit);
        Assert.Contains("over the 2000000-byte limit", run.Err, StringComparison.Ordinal);
        AssertOutHolds();
        Assert.Single(_server.RequestsTo("/files/big.png"));
    }

    [Fact]
    public async Task A_slow_body_is_abandoned_at_the_download_deadline()
    {
        _server.ServeSlow("/files/slow.png", [.. HostileAnswer.Png, .. new byte[200]], TimeSpan.FromMilliseconds(100));
        _server.OnStatus(ApixoEnvelopes.Success(Id, _server.UrlOf("/files/slow.png").ToString()));

        var run = await WaitAsync(Id, "--download-timeout", "0.5");

        Assert.Equal(ExitCodes.ResultNotSaved, run.Exit);
        Assert.Contains("took longer than 0.5 s", run.Err, StringComparison.Ordinal);
        AssertOutHolds();
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("gopher://example.com/a.png")]
    [InlineData("javascript:alert(1)")]
    public async Task A_result_URL_that_is_not_http_is_refused_with_exit_4(string url)
    {
        _server.OnStatus(ApixoEnvelopes.Success(Id, url));

        var run = await WaitAsync(Id, "--json");

        Assert.Equal(ExitCodes.ApiError, run.Exit);
        Assert.Contains("refused", run.Err, StringComparison.Ordinal);
        Assert.Contains("is not http or https", run.Err, StringComparison.Ordinal);
        Assert.Equal(url, run.Json.GetProperty("resultUrls")[0].GetString());
        AssertOutHolds();
        Assert.All(_server.Requests, request => Assert.Equal(HostileApixoServer.StatusPath, request.Path));
    }

    [Fact]
    public async Task With_a_remote_API_an_http_result_URL_is_refused()
    {
        _server.OnStatus(ApixoEnvelopes.Success(Id, Png("a.png")));

        var run = await WaitAsync(Id, remote: true);

        Assert.Equal(ExitCodes.ApiError, run.Exit);
        Assert.Contains("is not https", run.Err, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo("/files/a.png"));
        AssertOutHolds();
    }

    [Theory]
    [InlineData("https://127.0.0.1:{port}/files/a.png")]
    [InlineData("https://[::1]:{port}/files/a.png")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.1/a.png")]
    [InlineData("https://[::ffff:127.0.0.1]:{port}/files/a.png")]
    [InlineData("https://localhost:{port}/files/a.png")]
    [InlineData("https://{loopback-name}:{port}/files/a.png")]
    public async Task With_a_remote_API_a_private_address_is_never_fetched(string template)
    {
        _server.Serve("/files/a.png", HostileAnswer.Png, "image/png");
        var url = template.Replace("{port}", _server.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{loopback-name}", LoopbackHostName(), StringComparison.Ordinal);
        _server.OnStatus(ApixoEnvelopes.Success(Id, url));

        var run = await WaitAsync(Id, remote: true);

        Assert.True(run.Exit == ExitCodes.ApiError, run.Err);
        Assert.Contains("loopback, private, link-local or metadata", run.Err, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo("/files/a.png"));
        AssertOutHolds();
    }

    [Fact]
    public async Task Redirects_are_followed_within_the_limit_and_each_hop_is_checked()
    {
        _server.Serve("/files/final.png", HostileAnswer.Png, "image/png");
        _server.Redirect("/files/hop2", "/files/final.png", 307);
        _server.Redirect("/files/hop1", _server.UrlOf("/files/hop2").ToString(), 301);
        _server.Redirect("/files/to-file", "file:///etc/passwd");
        _server.Redirect("/files/loop", "/files/loop");
        _server.OnStatus(ApixoEnvelopes.Success(Id, _server.UrlOf("/files/hop1").ToString(), _server.UrlOf("/files/to-file").ToString(), _server.UrlOf("/files/loop").ToString()));

        var run = await WaitAsync(Id, "--max-redirects", "2");

        Assert.Equal(ExitCodes.ApiError, run.Exit); // one URL was refused
        Assert.Equal(HostileAnswer.Png, await File.ReadAllBytesAsync(Path.Combine(Out, Id + "-0.png")));
        Assert.Contains("result 1", run.Err, StringComparison.Ordinal);
        Assert.Contains("its scheme 'file'", run.Err, StringComparison.Ordinal);
        Assert.Contains("more than 2 redirects", run.Err, StringComparison.Ordinal);
        Assert.Equal(3, _server.RequestsTo("/files/loop").Count);
        AssertOutHolds(Id + "-0.png");
    }

    [Fact]
    public async Task A_task_with_more_result_URLs_than_the_cap_is_refused_whole()
    {
        _server.OnStatus(ApixoEnvelopes.Success(Id, [.. Enumerable.Range(0, 17).Select(i => Png($"{i}.png"))]));

        var run = await WaitAsync(Id);

        Assert.Equal(ExitCodes.ApiError, run.Exit);
        Assert.Contains("more than --max-results 16", run.Err, StringComparison.Ordinal);
        Assert.Contains(Png("16.png"), run.Out, StringComparison.Ordinal);
        Assert.Equal([HostileApixoServer.StatusPath], _server.Requests.Select(r => r.Path).Distinct());
    }

    [Fact]
    public async Task The_key_goes_to_the_API_and_never_to_a_result_host()
    {
        _server.OnStatus(ApixoEnvelopes.Success(Id, Png("a.png")));

        var run = await WaitAsync(Id);

        Assert.True(run.Exit == ExitCodes.Success, run.Err);
        Assert.All(_server.RequestsTo(HostileApixoServer.StatusPath), request => Assert.Equal("Bearer " + Key, request.Header("Authorization")));
        var download = Assert.Single(_server.RequestsTo("/files/a.png"));
        Assert.False(download.HasAuthorization);
        Assert.DoesNotContain(download.Headers.Values.SelectMany(v => v), value => value.Contains("KEY", StringComparison.Ordinal));
    }

    // --- A paid result is never lost ---

    [Fact]
    public async Task The_URLs_come_before_the_download_and_a_failed_download_can_be_retried_with_the_printed_command()
    {
        _server.OnStatus(ApixoEnvelopes.Success(Id, Png("a.png")));
        _server.Serve("/files/a.png", HostileAnswer.Text("busy", "text/plain", 503));

        var first = await WaitAsync(Id);

        Assert.Equal(ExitCodes.ResultNotSaved, first.Exit);
        Assert.True(first.Out.IndexOf(Png("a.png"), StringComparison.Ordinal) >= 0, first.Out);
        var retry = System.Text.RegularExpressions.Regex.Match(first.Err, "Download again: apixo (wait .*)$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value.Trim();
        Assert.Equal($"wait {Id} --out {Out}", retry);

        _server.Serve("/files/a.png", HostileAnswer.Png, "image/png");
        var second = await RunAsync([.. retry.Split(' '), "--base-url", _server.BaseUrl.ToString(), "--api-key", Key]);

        Assert.True(second.Exit == ExitCodes.Success, second.Err);
        AssertOutHolds(Id + "-0.png");
        Assert.Equal(2, _server.RequestsTo("/files/a.png").Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"resultUrls\":[]}")]
    public async Task Success_without_result_URLs_is_an_error_not_a_silent_exit_0(string resultJson)
    {
        _server.OnStatus(ApixoEnvelopes.SuccessWithResultJson(Id, resultJson));

        var run = await WaitAsync(Id, "--json");

        Assert.Equal(ExitCodes.ApiError, run.Exit);
        Assert.Contains("lists no result URL", run.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        AssertOutHolds();
    }

    [Fact]
    public async Task An_answer_about_another_task_is_not_acted_on()
    {
        _server.OnStatus(ApixoEnvelopes.Success("task_other", Png("a.png")));

        var status = await RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", Key]);
        // Waiting takes such an answer as a missed poll: the next would come after this deadline.
        var wait = await WaitAsync(Id, "--timeout", "1");

        Assert.Equal((ExitCodes.ApiError, ExitCodes.DeadlinePassed), (status.Exit, wait.Exit));
        Assert.Contains("is about another task", status.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("task_other", status.Out, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo("/files/a.png"));
        Assert.Equal(2, _server.RequestsTo(HostileApixoServer.StatusPath).Count);
        AssertOutHolds();
    }

    // --- The terminal and the key ---

    [Fact]
    public async Task Control_characters_from_the_server_are_escaped_in_every_message()
    {
        const string Evil = "\u001b[2J\u001b]0;pwned\u0007\rforged line\u202Egnp.exe";
        _server.OnStatus(ApixoEnvelopes.Failed(Id, "CONTENT_VIOLATION\u001b[31m", "bad\nTask x succeeded. Saved: /etc/passwd" + Evil));

        var failed = await WaitAsync(Id);
        var status = await RunAsync(["status", Id, "--base-url", _server.BaseUrl.ToString(), "--api-key", Key]);
        _server.OnSubmit(200, ApixoEnvelopes.Submitted("task" + Evil));
        var submitted = await GenerateAsync("--no-wait");

        Assert.Equal((ExitCodes.TaskFailed, ExitCodes.Success, ExitCodes.Success), (failed.Exit, status.Exit, submitted.Exit));
        foreach (var output in new[] { failed.Out + failed.Err, status.Out + status.Err, submitted.Out + submitted.Err })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u0007', output);
            Assert.DoesNotContain('\r', output);
            Assert.DoesNotContain('\u202E', output);
            Assert.Contains("\\u{001B}", output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\nTask x succeeded", failed.Err, StringComparison.Ordinal);
        Assert.Contains("bad\\u{000A}Task x succeeded", failed.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--key")]
    [InlineData("-k")]
    [InlineData("—api-key")]
    [InlineData("–api-key")]
    [InlineData("--apikey")]
    [InlineData("--API-KEY")]
    public async Task A_mistyped_key_option_is_never_printed_and_nothing_is_sent(string option)
    {
        foreach (var json in new[] { false, true })
        {
            string[] args = ["balance", "--base-url", _server.BaseUrl.ToString(), option, Key, .. json ? new[] { "--json" } : []];
            var run = await RunAsync(args);

            Assert.Equal(ExitCodes.InvalidInput, run.Exit);
            Assert.Contains("***", run.Err, StringComparison.Ordinal);
        }

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_server_that_echoes_the_key_gets_it_masked_in_text_and_json()
    {
        _server.OnBalance(HostileAnswer.Text(ApixoEnvelopes.Error(401, "Invalid key: " + Key), status: 401));
        var environment = new Dictionary<string, string?> { ["APIXO_API_KEY"] = Key, ["APIXO_BASE_URL"] = _server.BaseUrl.ToString() };

        var text = await RunAsync(["balance"], environment);
        var json = await RunAsync(["balance", "--json"], environment);

        Assert.Equal((ExitCodes.ApiError, ExitCodes.ApiError), (text.Exit, json.Exit));
        Assert.Contains("Invalid key: ***", text.Err, StringComparison.Ordinal);
        Assert.Contains("Invalid key: ***", json.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, _server.RequestsTo(HostileApixoServer.BalancePath).Count);
    }

    // --- helpers ---

    private Task<Run> WaitAsync(string id, params string[] more) => WaitAsync(id, remote: false, more);

    private Task<Run> WaitAsync(string id, bool remote, params string[] more) =>
        RunAsync(["wait", id, "--base-url", _server.BaseUrl.ToString(), "--api-key", Key, "--out", Out, .. more], remote: remote);

    // generate waits on the contract's schedule: a sped-up clock makes its first poll come in a fraction of a second.
    private Task<Run> GenerateAsync(params string[] more) =>
        RunAsync(["generate", "a hostile test", "--base-url", _server.BaseUrl.ToString(), "--api-key", Key, .. more.Contains("--out") ? [] : new[] { "--out", Out }, "--timeout", "86400", .. more], clock: new SandboxClock(100));

    private static async Task<Run> RunAsync(string[] args, Dictionary<string, string?>? environment = null, bool remote = false, TimeProvider? clock = null)
    {
        var run = await RunCliAsync(args, environment, remote, clock);
        Assert.DoesNotContain("KEY<42>", run.All, StringComparison.Ordinal);
        Assert.DoesNotContain("KEY\\u003C42", run.All, StringComparison.Ordinal);
        return run;
    }

    private void AssertOutHolds(params string[] names)
    {
        var entries = Directory.Exists(Out) ? Directory.GetFileSystemEntries(Out).Select(Path.GetFileName).Order().ToArray() : [];
        Assert.Equal(names.Order().ToArray(), entries);
        AssertNothingOutsideOut();
    }

    private void AssertNothingOutsideOut() =>
        Assert.Equal(["out"], Directory.GetFileSystemEntries(_root.FullName).Where(e => !e.EndsWith("victim.txt", StringComparison.Ordinal)).Select(Path.GetFileName));

    // A name that resolves to loopback but is not "localhost": only the connect-time check can catch it.
    private static string LoopbackHostName()
    {
        foreach (var name in new[] { Dns.GetHostName(), "localhost.localdomain", "ip6-localhost", "ip6-loopback" })
        {
            try
            {
                if (!new Uri($"https://{name}/").IsLoopback && Dns.GetHostAddresses(name).Any(IPAddress.IsLoopback))
                {
                    return name;
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        }

        throw new InvalidOperationException("No host name here resolves to loopback other than 'localhost': add one to /etc/hosts.");
    }
}
