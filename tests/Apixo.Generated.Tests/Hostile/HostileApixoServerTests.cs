using System.Net;
using System.Net.Http.Headers;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>The hostile fake server itself, driven by the real <see cref="ApixoClient"/> and a bare HttpClient.</summary>
public sealed class HostileApixoServerTests
{
    private const string ApiKey = "sk-live-HOSTILE-4242";

    private static ApixoClient Client(HostileApixoServer server) =>
        ApixoClient.Create(new ApixoClientOptions { ApiKey = ApiKey, BaseAddress = server.BaseUrl, MaxRetries = 0 });

    [Fact]
    public async Task The_paths_and_base_url_are_the_contracts()
    {
        await using var server = await HostileApixoServer.StartAsync();

        Assert.Equal("/api/v1/", server.BaseUrl.AbsolutePath);
        Assert.Equal(IPAddress.Loopback.ToString(), server.BaseUrl.Host);
        Assert.Equal(new Uri(server.BaseUrl, "/files/a.png"), server.UrlOf("files/a.png"));
        Assert.Equal(server.UrlOf("/files/a.png"), server.UrlOf("files/a.png"));

        var client = Client(server);
        Assert.Equal(HostileApixoServer.DefaultTaskId, await client.SubmitAsync(GptImage2.TextToImage("a lighthouse").Build()));
        Assert.Equal(TaskState.Pending, (await client.GetStatusAsync(HostileApixoServer.DefaultTaskId)).State);
        Assert.Equal(12.5m, await client.GetBalanceAsync());

        Assert.Equal(["POST " + HostileApixoServer.SubmitPath, "GET " + HostileApixoServer.StatusPath + "?taskId=" + HostileApixoServer.DefaultTaskId, "GET " + HostileApixoServer.BalancePath],
            server.Requests.Select(request => request.Method + " " + request.PathAndQuery));
        Assert.Contains("a lighthouse", Assert.Single(server.RequestsTo(HostileApixoServer.SubmitPath)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/x")]
    [InlineData("/tmp/abs")]
    [InlineData("task\u001b[31mRED\u001b[0m")]
    [InlineData("task\u202Egnp.exe")]
    [InlineData("C:\\Windows\\x")]
    public async Task A_crafted_task_id_and_crafted_urls_reach_the_client_as_sent(string taskId)
    {
        await using var server = await HostileApixoServer.StartAsync();
        string[] urls = [server.UrlOf("/files/0.png").ToString(), "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "../../escape.png"];
        server.OnStatus(ApixoEnvelopes.Success(taskId, urls));

        var task = await Client(server).GetStatusAsync(taskId);

        Assert.Equal(taskId, task.TaskId);
        Assert.Equal(TaskState.Success, task.State);
        Assert.Equal(urls, task.ResultUrls.Select(url => url.OriginalString));
    }

    [Fact]
    public async Task A_fail_message_with_control_characters_reaches_the_client_as_sent()
    {
        await using var server = await HostileApixoServer.StartAsync();
        const string message = "blocked\r\nX-Injected: yes\u0007\u001b]0;pwned\u0007\u202E";
        server.OnStatus(ApixoEnvelopes.Processing("task_1"), ApixoEnvelopes.Failed("task_1", "CONTENT_VIOLATION\u001b[2J", message));
        var client = Client(server);

        Assert.Equal(TaskState.Processing, (await client.GetStatusAsync("task_1")).State);
        var failed = await client.GetStatusAsync("task_1");

        Assert.Equal(TaskState.Failed, failed.State);
        Assert.Equal(message, failed.FailMessage);
        Assert.Equal("CONTENT_VIOLATION\u001b[2J", failed.FailCode?.Value);
    }

    [Fact]
    public async Task Requests_are_recorded_with_their_headers_and_remote_end_and_Authorization_stays_on_the_API()
    {
        await using var server = await HostileApixoServer.StartAsync();
        server.Serve("/files/0.png", HostileAnswer.Png, "image/png").Redirect("/files/hop", server.UrlOf("/files/0.png").ToString(), 307);

        await Client(server).GetStatusAsync(HostileApixoServer.DefaultTaskId);
        using var http = new HttpClient();
        using var download = new HttpRequestMessage(HttpMethod.Get, server.UrlOf("/files/hop"));
        download.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var bytes = await (await http.SendAsync(download)).Content.ReadAsByteArrayAsync();

        Assert.Equal(HostileAnswer.Png, bytes);
        var status = Assert.Single(server.RequestsTo(HostileApixoServer.StatusPath));
        Assert.Equal("Bearer " + ApiKey, status.Header("authorization"));
        Assert.Equal(IPAddress.Loopback, status.Remote?.Address);
        Assert.True(Assert.Single(server.RequestsTo("/files/hop")).HasAuthorization);
        // HttpClient drops Authorization when it follows a redirect: the recording shows it.
        Assert.False(Assert.Single(server.RequestsTo("/files/0.png")).HasAuthorization);
    }

    [Theory]
    [InlineData(301, "file:///etc/passwd")]
    [InlineData(302, "http://169.254.169.254/latest/meta-data/iam/")]
    [InlineData(307, "/api/v1/apikeys/current-balance")]
    public async Task A_redirect_answers_its_status_and_Location_as_given(int status, string location)
    {
        await using var server = await HostileApixoServer.StartAsync();
        server.Redirect("/files/r.png", location, status);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var response = await http.GetAsync(server.UrlOf("/files/r.png"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_endless_body_is_endless_up_to_a_client_side_cap()
    {
        await using var server = await HostileApixoServer.StartAsync();
        server.ServeEndless("/files/endless.png");
        const int cap = 32 * 1024 * 1024;
        using var http = new HttpClient();

        using (var response = await http.GetAsync(server.UrlOf("/files/endless.png"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Null(response.Content.Headers.ContentLength);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while (total < cap && (read = await body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            Assert.True(total >= cap, $"The body ended after {total} bytes.");
        }

        // The server counts a chunk once its write returns, which can come after the client has read it.
        for (var tries = 0; server.BytesServed < cap && tries < 100; tries++)
        {
            await Task.Delay(50);
        }

        Assert.True(server.BytesServed >= cap, $"{server.BytesServed} bytes counted");
    }

    [Fact]
    public async Task A_huge_body_declares_its_length_and_streams_every_byte()
    {
        await using var server = await HostileApixoServer.StartAsync();
        const long length = 48L * 1024 * 1024 + 3;
        server.ServeHuge("/files/huge.png", length);
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.UrlOf("/files/huge.png"), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = await body.ReadAtLeastAsync(buffer.AsMemory(0, 8), 8);
        var head = buffer[..8];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(HostileAnswer.Png[..8], head);
        Assert.Equal(length, total);
    }

    [Fact]
    public async Task A_slow_body_arrives_whole_but_no_sooner_than_its_pace()
    {
        await using var server = await HostileApixoServer.StartAsync();
        server.ServeSlow("/files/slow.png", HostileAnswer.Png[..5], TimeSpan.FromMilliseconds(30));
        using var http = new HttpClient();

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var bytes = await http.GetByteArrayAsync(server.UrlOf("/files/slow.png"));

        Assert.Equal(HostileAnswer.Png[..5], bytes);
        // A lower bound only: four pauses of 30 ms cannot take less than 120 ms, however fast the machine.
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(115));
    }

    [Fact]
    public async Task A_truncated_body_fails_the_read()
    {
        await using var server = await HostileApixoServer.StartAsync();
        server.Serve("/files/cut.png", HostileAnswer.Truncated(HostileAnswer.Png[..8], 1000));
        using var http = new HttpClient();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetByteArrayAsync(server.UrlOf("/files/cut.png")));
    }

    [Theory]
    [InlineData("png", "89-50-4E-47-0D-0A-1A-0A")]
    [InlineData("jpeg", "FF-D8-FF")]
    [InlineData("webp", "52-49-46-46")]
    public async Task Image_bodies_start_with_their_magic_number(string kind, string magic)
    {
        await using var server = await HostileApixoServer.StartAsync();
        var (bytes, type) = kind switch
        {
            "png" => (HostileAnswer.Png, "image/png"),
            "jpeg" => (HostileAnswer.Jpeg, "image/jpeg"),
            _ => (HostileAnswer.Webp, "image/webp"),
        };
        server.Serve("/files/x", bytes, type);
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.UrlOf("/files/x"));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(magic, BitConverter.ToString(body), StringComparison.Ordinal);
        if (kind == "webp")
        {
            Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(body, 8, 4));
            Assert.Equal(body.Length - 8, BitConverter.ToInt32(body, 4));
        }
    }

    [Fact]
    public async Task An_HTML_page_can_claim_to_be_an_image_and_an_unknown_route_is_a_recorded_404()
    {
        await using var server = await HostileApixoServer.StartAsync();
        server.ServeHtml("/files/login.png");
        using var http = new HttpClient();

        using var page = await http.GetAsync(server.UrlOf("/files/login.png"));
        using var missing = await http.GetAsync(server.UrlOf("/nowhere?x=1"));

        Assert.Equal("image/png", page.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!doctype html>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("?x=1", Assert.Single(server.RequestsTo("/nowhere")).Query);
    }

    [Fact]
    public async Task Submit_and_status_answers_follow_the_script_and_the_last_repeats()
    {
        await using var server = await HostileApixoServer.StartAsync();
        server.OnSubmit(402, ApixoEnvelopes.Error(402, "Insufficient balance"));
        server.OnStatus(HostileAnswer.Text(ApixoEnvelopes.Error(503, "busy"), status: 503).WithHeader("Retry-After", "999999999"), HostileAnswer.Text(ApixoEnvelopes.Processing("t")));
        var client = Client(server);

        var refused = await Assert.ThrowsAsync<ApixoApiException>(() => client.SubmitAsync(GptImage2.TextToImage("p").Build()));
        var busy = await Assert.ThrowsAsync<ApixoApiException>(() => client.GetStatusAsync("t"));
        var states = new[] { (await client.GetStatusAsync("t")).State, (await client.GetStatusAsync("t")).State };

        Assert.Equal((402, "Insufficient balance"), (refused.Status, refused.ServerMessage));
        Assert.Equal(503, busy.Status);
        Assert.Equal([TaskState.Processing, TaskState.Processing], states);
    }
}
