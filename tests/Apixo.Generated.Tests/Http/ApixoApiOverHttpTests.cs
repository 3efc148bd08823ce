using System.Net;
using System.Text.Json;
using Apixo.Generated.Serialization;
using Apixo.Generated.Tests.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Apixo.Generated.Tests.Http;

/// <summary>
/// The generated Refit client over real HTTP against WireMock.Net: what goes out (path, body, headers) and
/// what comes back (every state, the balance, every documented error). Response bodies are the contract's own
/// examples.
/// </summary>
public sealed class ApixoApiOverHttpTests : IDisposable
{
    private const string SubmitPath = ApixoApiServer.BasePath + "/generateTask/gpt-image-2";
    private const string StatusPath = ApixoApiServer.BasePath + "/statusTask/gpt-image-2";
    private const string BalancePath = ApixoApiServer.BasePath + "/apikeys/current-balance";

    private readonly ApixoApiServer _apixo = new();

    public void Dispose() => _apixo.Dispose();

    private static string Example(string where, string name) =>
        ContractExamples.Bodies().Single(body => body.Where == where).Examples[name];

    private void Answer(string path, int status, string body, string method = "GET") =>
        _apixo.Server
            .Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private WireMock.Logging.ILogEntry SingleRequest() => Assert.Single(_apixo.Server.LogEntries);

    [Fact]
    public async Task Submit_text_to_image_sends_the_exact_body_bearer_and_content_type()
    {
        Answer(SubmitPath, 200, Example("POST /generateTask/gpt-image-2 200", "accepted"), "POST");
        var request = new GenerateTaskRequest
        {
            RequestType = RequestType.Async,
            Input = new TextToImageInput
            {
                Prompt = "A lighthouse at dawn, watercolor",
                AspectRatio = AspectRatio.Ratio16x9,
                Resolution = Resolution.Res2K,
            },
        };

        var response = await _apixo.Api.GenerateTaskAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("task_abc123", response.Content!.Data.TaskId);

        var sent = SingleRequest().RequestMessage;
        Assert.Equal("POST", sent.Method);
        Assert.Equal(SubmitPath, sent.Path);
        Assert.Equal(
            """{"request_type":"async","input":{"mode":"text-to-image","prompt":"A lighthouse at dawn, watercolor","aspect_ratio":"16:9","resolution":"2k"}}""",
            sent.Body);
        JsonAssert.SemanticallyEqual(Example("POST /generateTask/gpt-image-2 request", "textToImage"), sent.Body!);
        Assert.Equal($"Bearer {ApixoApiServer.ApiKey}", Assert.Single(sent.Headers!["Authorization"]));
        Assert.StartsWith("application/json", Assert.Single(sent.Headers!["Content-Type"]), StringComparison.Ordinal);
        Assert.True(sent.Headers!.ContainsKey("Content-Length"), "The body is buffered and sent with a Content-Length.");
    }

    [Fact]
    public async Task Submit_image_to_image_sends_the_urls()
    {
        Answer(SubmitPath, 200, Example("POST /generateTask/gpt-image-2 200", "accepted"), "POST");
        var request = new GenerateTaskRequest
        {
            RequestType = RequestType.Async,
            Input = new ImageToImageInput
            {
                Prompt = "Turn this photo into a pencil sketch",
                ImageUrls = [new Uri("https://example.com/photo-1.png"), new Uri("https://example.com/photo-2.jpg")],
                AspectRatio = AspectRatio.Auto,
                Resolution = Resolution.Res1K,
            },
        };

        var response = await _apixo.Api.GenerateTaskAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        var sent = SingleRequest().RequestMessage;
        Assert.Equal(
            """{"request_type":"async","input":{"mode":"image-to-image","image_urls":["https://example.com/photo-1.png","https://example.com/photo-2.jpg"],"prompt":"Turn this photo into a pencil sketch","aspect_ratio":"auto","resolution":"1k"}}""",
            sent.Body);
        JsonAssert.SemanticallyEqual(Example("POST /generateTask/gpt-image-2 request", "imageToImage"), sent.Body!);
        Assert.Equal($"Bearer {ApixoApiServer.ApiKey}", Assert.Single(sent.Headers!["Authorization"]));
        Assert.StartsWith("application/json", Assert.Single(sent.Headers!["Content-Type"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_in_callback_mode_sends_the_callback_url()
    {
        Answer(SubmitPath, 200, Example("POST /generateTask/gpt-image-2 200", "accepted"), "POST");
        var request = new GenerateTaskRequest
        {
            RequestType = RequestType.Callback,
            CallbackUrl = new Uri("https://hooks.example.com/apixo"),
            Input = new TextToImageInput { Prompt = "A red fox in fresh snow, studio lighting", AspectRatio = AspectRatio.Ratio1x1, Resolution = Resolution.Res4K },
        };

        await _apixo.Api.GenerateTaskAsync(request);

        var body = SingleRequest().RequestMessage.Body!;
        Assert.Equal(
            """{"request_type":"callback","callback_url":"https://hooks.example.com/apixo","input":{"mode":"text-to-image","prompt":"A red fox in fresh snow, studio lighting","aspect_ratio":"1:1","resolution":"4k"}}""",
            body);
        JsonAssert.SemanticallyEqual(Example("POST /generateTask/gpt-image-2 request", "callback"), body);
    }

    [Theory]
    [InlineData("pending", "pending")]
    [InlineData("processing", "processing")]
    [InlineData("success", "success")]
    [InlineData("failed", "failed")]
    public async Task Status_reads_each_state(string example, string expectedWire)
    {
        var expected = new TaskState(expectedWire);
        Answer(StatusPath, 200, Example("GET /statusTask/gpt-image-2 200", example));

        var response = await _apixo.Api.GetTaskStatusAsync("task_abc123");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.Content!.Data;
        Assert.Equal(expected, status.State);

        var sent = SingleRequest().RequestMessage;
        Assert.Equal(StatusPath, sent.Path);
        Assert.Equal("task_abc123", Assert.Single(sent.Query!["taskId"]));
        Assert.Equal($"Bearer {ApixoApiServer.ApiKey}", Assert.Single(sent.Headers!["Authorization"]));

        switch (expected.Value)
        {
            case "pending":
                Assert.Equal("task_abc123", status.TaskId);
                Assert.Null(status.CreateTime);
                Assert.Null(status.ParseResultJson());
                break;
            case "processing":
                Assert.Equal(1767225600000, status.CreateTime);
                Assert.Null(status.CompleteTime);
                break;
            case "success":
                var result = status.ParseResultJson();
                Assert.Equal("https://cdn.apixo.ai/results/task_abc123/0.png", Assert.Single(result!.ResultUrls).OriginalString);
                Assert.Equal(1767225665000, status.CompleteTime);
                Assert.Equal(65000, status.CostTime);
                break;
            case "failed":
                Assert.Equal(new FailCode("CONTENT_VIOLATION"), status.FailCode);
                Assert.Equal("The prompt failed safety checks.", status.FailMsg);
                Assert.Null(status.ParseResultJson());
                break;
        }
    }

    [Fact]
    public async Task Status_escapes_the_task_id_in_the_query()
    {
        Answer(StatusPath, 200, Example("GET /statusTask/gpt-image-2 200", "pending"));

        await _apixo.Api.GetTaskStatusAsync("task a&b=c");

        Assert.Equal("task a&b=c", Assert.Single(SingleRequest().RequestMessage.Query!["taskId"]));
    }

    [Fact]
    public async Task Balance_reads_a_bare_number()
    {
        Answer(BalancePath, 200, Example("GET /apikeys/current-balance 200", "balance"));

        var response = await _apixo.Api.GetBalanceAsync();

        Assert.Equal(74.87m, response.Content!.Data);
        Assert.Equal($"Bearer {ApixoApiServer.ApiKey}", Assert.Single(SingleRequest().RequestMessage.Headers!["Authorization"]));
    }

    public static TheoryData<int> SubmitErrors() => new(400, 401, 402, 403, 404, 429, 500, 502, 503, 504);

    [Theory]
    [MemberData(nameof(SubmitErrors))]
    public async Task Each_documented_error_arrives_as_a_response_with_its_envelope(int status)
    {
        var body = Example($"POST /generateTask/gpt-image-2 {status}", "example");
        Answer(SubmitPath, status, body, "POST");
        var request = new GenerateTaskRequest { RequestType = RequestType.Async, Input = new TextToImageInput { Prompt = "p" } };

        var response = await _apixo.Api.GenerateTaskAsync(request);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.False(response.IsSuccessStatusCode);
        Assert.Null(response.Content);
        var envelope = JsonSerializer.Deserialize(Assert.IsType<Refit.ApiException>(response.Error).Content!, ApixoJsonContext.Default.ErrorResponse)!;
        Assert.Equal(status, envelope.Code);
        Assert.False(string.IsNullOrEmpty(envelope.Message));
        JsonAssert.SemanticallyEqual(body, JsonSerializer.Serialize(envelope, ApixoJsonContext.Default.ErrorResponse));
    }

    [Fact]
    public async Task The_bad_request_envelope_keeps_the_field_the_server_names()
    {
        Answer(SubmitPath, 400, Example("POST /generateTask/gpt-image-2 400", "example"), "POST");
        var request = new GenerateTaskRequest { RequestType = RequestType.Async, Input = new TextToImageInput { Prompt = "p" } };

        var response = await _apixo.Api.GenerateTaskAsync(request);

        var envelope = JsonSerializer.Deserialize(Assert.IsType<Refit.ApiException>(response.Error).Content!, ApixoJsonContext.Default.ErrorResponse)!;
        Assert.Equal("Missing required field: input.prompt", envelope.Data!.Value.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_key_is_sent_but_never_kept_in_the_request_message_or_the_error()
    {
        Answer(SubmitPath, 402, Example("POST /generateTask/gpt-image-2 402", "example"), "POST");
        var request = new GenerateTaskRequest { RequestType = RequestType.Async, Input = new TextToImageInput { Prompt = "p" } };

        var response = await _apixo.Api.GenerateTaskAsync(request);

        Assert.Equal($"Bearer {ApixoApiServer.ApiKey}", Assert.Single(SingleRequest().RequestMessage.Headers!["Authorization"]));
        Assert.DoesNotContain(ApixoApiServer.ApiKey, response.RequestMessage!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApixoApiServer.ApiKey, response.Error!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApixoApiServer.ApiKey, response.Error.RequestMessage.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_and_balance_errors_arrive_with_their_envelopes()
    {
        Answer(StatusPath, 404, Example("GET /statusTask/gpt-image-2 404", "example"));
        Answer(BalancePath, 401, Example("GET /apikeys/current-balance 401", "example"));

        var status = await _apixo.Api.GetTaskStatusAsync("task_unknown");
        var balance = await _apixo.Api.GetBalanceAsync();

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(404, JsonSerializer.Deserialize(Assert.IsType<Refit.ApiException>(status.Error).Content!, ApixoJsonContext.Default.ErrorResponse)!.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, balance.StatusCode);
        Assert.Equal("Invalid or missing API key", JsonSerializer.Deserialize(Assert.IsType<Refit.ApiException>(balance.Error).Content!, ApixoJsonContext.Default.ErrorResponse)!.Message);
    }

    [Fact]
    public async Task The_client_is_Refits_generated_implementation()
    {
        var implementation = _apixo.Api.GetType();
        Assert.Same(typeof(IApixoApi).Assembly, implementation.Assembly);
        Assert.StartsWith("Refit.Implementation.", implementation.FullName, StringComparison.Ordinal);

        Answer(BalancePath, 200, Example("GET /apikeys/current-balance 200", "balance"));
        Assert.True((await _apixo.Api.GetBalanceAsync()).IsSuccessStatusCode);
    }
}
