using System.Net;
using System.Text;
using System.Text.Json;
using Apixo.Generated.Sandbox;
using Apixo.Generated.Serialization;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Sandbox;

/// <summary>The sandbox through the real client and over raw HTTP: lifecycle, validation, faults, limits, conformance.</summary>
public sealed class SandboxTests : IAsyncLifetime
{
    private ApixoSandbox _sandbox = null!;
    private readonly HttpClient _raw = new();

    public async Task InitializeAsync()
    {
        _sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 600 });
        _raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-sandbox");
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        await _sandbox.DisposeAsync();
    }

    private ApixoClient Client() =>
        ApixoClient.Create(new ApixoClientOptions { ApiKey = "sk-sandbox", BaseAddress = _sandbox.BaseUrl, RetryBaseDelay = TimeSpan.FromMilliseconds(5), Deadline = TimeSpan.FromDays(1) }, _sandbox.Clock);

    private Task<HttpResponseMessage> PostRawAsync(string body) =>
        _raw.PostAsync(new Uri(_sandbox.BaseUrl + "/generateTask/gpt-image-2"), new StringContent(body, Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData(AspectRatio.Ratio16x9, Resolution.Res1K, 1024, 576)]
    [InlineData(AspectRatio.Auto, Resolution.Res1K, 1024, 1024)]
    [InlineData(AspectRatio.Ratio3x4, Resolution.Res2K, 1536, 2048)]
    public async Task Generate_ends_with_a_real_PNG_of_the_expected_size(AspectRatio ratio, Resolution resolution, int width, int height)
    {
        var request = GptImage2.TextToImage("a lighthouse at dawn, watercolor").WithAspectRatio(ratio).WithResolution(resolution).Build();

        var task = await Client().GenerateAsync(request);

        Assert.Equal(TaskState.Success, task.State);
        var png = await _raw.GetByteArrayAsync(Assert.Single(task.ResultUrls));
        Assert.Equal((width, height), PngReader.Decode(png));
        Assert.Equal(png, await _raw.GetByteArrayAsync(task.ResultUrls[0]));
    }

    [Fact]
    public async Task Image_to_image_works_and_the_image_is_fixed_by_the_prompt()
    {
        var client = Client();
        var a = await client.GenerateAsync(GptImage2.ImageToImage("same prompt", ["https://example.com/a.png"]).Build());
        var b = await client.GenerateAsync(GptImage2.TextToImage("same prompt").Build());

        Assert.Equal(await _raw.GetByteArrayAsync(a.ResultUrls[0]), await _raw.GetByteArrayAsync(b.ResultUrls[0]));
    }

    [Theory]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":""}}""", "input.prompt")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","image_urls":["https://e.com/a.png"]}}""", "input.image_urls")]
    [InlineData("""{"request_type":"async","input":{"mode":"image-to-image","prompt":"p"}}""", "input.image_urls")]
    [InlineData("""{"request_type":"async","input":{"mode":"image-to-image","prompt":"p","image_urls":["ftp://e.com/a.png"]}}""", "input.image_urls[0]")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","aspect_ratio":"16x9"}}""", "input.aspect_ratio")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","resolution":"2K"}}""", "input.resolution")]
    [InlineData("""{"request_type":"callback","input":{"mode":"text-to-image","prompt":"p"}}""", "callback_url")]
    [InlineData("""{"request_type":"callback","callback_url":"http://hooks.example.com","input":{"mode":"text-to-image","prompt":"p"}}""", "callback_url")]
    [InlineData("""{"request_type":"async","provider":"auto","input":{"mode":"text-to-image","prompt":"p"}}""", "provider")]
    [InlineData("""{"request_type":"async","input":{"mode":"video","prompt":"p"}}""", "input.mode")]
    [InlineData("""{"input":{"mode":"text-to-image","prompt":"p"}}""", "request_type")]
    [InlineData("not json", "JSON")]
    public async Task A_bad_request_gets_400_naming_the_field(string body, string field)
    {
        var response = await PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var envelope = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ApixoJsonContext.Default.ErrorResponse)!;
        Assert.Equal(400, envelope.Code);
        Assert.Contains(field, envelope.Data!.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_the_sandbox_rejects_with_400_names_the_field_in_the_exception()
    {
        // Past the builders, which would refuse this prompt before sending it.
        var tooLong = new GenerateTaskRequest { RequestType = RequestType.Async, Input = new TextToImageInput { Prompt = new string('a', GptImage2Modes.All[0].Fields.Single(field => field.Wire == "prompt").MaxLength!.Value + 1) } };

        var error = await Assert.ThrowsAsync<ApixoApiException>(() => Client().SubmitAsync(tooLong));

        Assert.Equal((400, ApixoErrorKind.BadRequest), (error.Status, error.Kind));
        Assert.Contains("input.prompt", error.ServerData!.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("(error: input.prompt (/input/prompt) breaks maxLength", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Basic abc")]
    public async Task A_missing_or_malformed_key_gets_401(string? authorization)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _sandbox.BaseUrl + "/apikeys/current-balance");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ApixoJsonContext.Default.ErrorResponse)!.Code);
    }

    [Fact]
    public async Task A_forced_fail_code_ends_the_task_failed()
    {
        var error = await Assert.ThrowsAsync<TaskFailedException>(() => Client().GenerateAsync(GptImage2.TextToImage("x [fail:CONTENT_VIOLATION]").Build()));

        Assert.Equal(FailCode.ContentViolation, error.FailCode);
    }

    [Fact]
    public async Task A_forced_submit_error_is_an_outcome_unknown_for_5xx_and_an_api_error_for_4xx()
    {
        await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => Client().SubmitAsync(GptImage2.TextToImage("x [submit:502]").Build()));
        var error = await Assert.ThrowsAsync<ApixoApiException>(() => Client().SubmitAsync(GptImage2.TextToImage("x [submit:402]").Build()));
        Assert.Equal(ApixoErrorKind.InsufficientBalance, error.Kind);
    }

    [Fact]
    public async Task Forced_status_errors_are_retried_by_the_client_and_the_task_completes()
    {
        var task = await Client().GenerateAsync(GptImage2.TextToImage("x [status:503x2] [retry-after:1]").Build());

        Assert.Equal(TaskState.Success, task.State);
    }

    [Fact]
    public async Task A_dropped_submit_is_an_outcome_unknown_and_the_task_exists()
    {
        var before = _sandbox.TaskCount;

        await Assert.ThrowsAsync<ApixoSubmitOutcomeUnknownException>(() => Client().SubmitAsync(GptImage2.TextToImage("x [drop]").Build()));

        Assert.Equal(before + 1, _sandbox.TaskCount);
    }

    [Fact]
    public async Task Plan_limits_answer_429_with_Retry_After()
    {
        await using var limited = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 1, RequestsPerMinute = 2 });
        _raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        var url = limited.BaseUrl + "/apikeys/current-balance";

        Assert.Equal(HttpStatusCode.OK, (await _raw.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _raw.GetAsync(url)).StatusCode);
        var third = await _raw.GetAsync(url);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Every_answer_conforms_to_the_contract_schemas()
    {
        var submit = await PostRawAsync("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"conform"}}""");
        var accepted = Strict(await submit.Content.ReadAsStringAsync(), ApixoJsonContext.Default.GenerateTaskResponse);
        var seen = new HashSet<TaskState>();
        var statusUrl = $"{_sandbox.BaseUrl}/statusTask/gpt-image-2?taskId={accepted.Data.TaskId}";
        for (var i = 0; i < 400 && !seen.Contains(TaskState.Success); i++)
        {
            var status = Strict(await _raw.GetStringAsync(statusUrl), ApixoJsonContext.Default.TaskStatusResponse);
            seen.Add(status.Data.State);
            if (status.Data.State == TaskState.Success)
            {
                Assert.NotNull(status.Data.ParseResultJson());
                Assert.NotNull(status.Data.CompleteTime);
            }

            await Task.Delay(10);
        }

        Assert.Contains(TaskState.Success, seen);
        Strict(await _raw.GetStringAsync(_sandbox.BaseUrl + "/apikeys/current-balance"), ApixoJsonContext.Default.BalanceResponse);
        var missing = await _raw.GetAsync(_sandbox.BaseUrl + "/statusTask/gpt-image-2?taskId=task_nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(404, Strict(await missing.Content.ReadAsStringAsync(), ApixoJsonContext.Default.ErrorResponse).Code);
    }

    [Fact]
    public async Task Every_error_and_failure_body_conforms_too()
    {
        // Real time: at a faster speed the rate window is a fraction of a second, and a loaded machine outlasts it.
        await using var poor = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 1, Balance = 0m, RequestsPerMinute = 3 });
        _raw.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        var bodies = new List<(HttpStatusCode Status, string Body)>();
        async Task Post(string body)
        {
            var response = await _raw.PostAsync(new Uri(poor.BaseUrl + "/generateTask/gpt-image-2"), new StringContent(body, Encoding.UTF8, "application/json"));
            bodies.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        await Post("""{"request_type":"async","input":{"mode":"text-to-image","prompt":""}}""");
        await Post("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p"}}""");
        await Post("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p [submit:503]"}}""");
        await Post("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p"}}""");

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.PaymentRequired, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests], bodies.Select(b => b.Status));
        Assert.All(bodies, body => Assert.Equal((int)body.Status, Strict(body.Body, ApixoJsonContext.Default.ErrorResponse).Code));

        var failed = await Client().SubmitAsync(GptImage2.TextToImage("x [fail:TIMEOUT]").Build());
        await Task.Delay(500);
        var status = Strict(await _raw.GetStringAsync($"{_sandbox.BaseUrl}/statusTask/gpt-image-2?taskId={failed}"), ApixoJsonContext.Default.TaskStatusResponse);
        Assert.Equal((TaskState.Failed, "TIMEOUT"), (status.Data.State, status.Data.FailCode!.Value.Value));
        Assert.Null(status.Data.AdditionalProperties);
    }

    [Fact]
    public async Task A_dropped_status_call_is_retried_by_the_client()
    {
        var task = await Client().GenerateAsync(GptImage2.TextToImage("x [drop:status]").Build());

        Assert.Equal(TaskState.Success, task.State);
    }

    [Theory]
    [InlineData("auto", "1k", 1024, 1024)]
    [InlineData("4:3", "1k", 1024, 768)]
    [InlineData("9:16", "2k", 1152, 2048)]
    [InlineData("16:9", "4k", 4096, 2304)]
    public void Sizes_follow_aspect_and_tier(string ratio, string tier, int width, int height) =>
        Assert.Equal((width, height), SandboxImages.Size(ratio, tier));

    // The strict DTOs (required members, exact enum converters) are the schema check.
    private static T Strict<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new JsonException("null");
}
