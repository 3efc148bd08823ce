using System.Text.Json;
using Apixo.Generated.Serialization;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Wire;

/// <summary>The exact JSON the generated request types put on the wire.</summary>
public sealed class RequestSerializationTests
{
    [Fact]
    public void Text_to_image_writes_mode_first_and_omits_unset_optional_fields()
    {
        var request = new GenerateTaskRequest
        {
            RequestType = RequestType.Async,
            Input = new TextToImageInput { Prompt = "a lighthouse" },
        };

        Assert.Equal(
            """{"request_type":"async","input":{"mode":"text-to-image","prompt":"a lighthouse"}}""",
            JsonSerializer.Serialize(request, ApixoJsonContext.Default.GenerateTaskRequest));
    }

    [Fact]
    public void Image_to_image_writes_its_urls_and_every_set_field()
    {
        var request = new GenerateTaskRequest
        {
            RequestType = RequestType.Callback,
            CallbackUrl = new Uri("https://hooks.example.com/apixo"),
            Input = new ImageToImageInput
            {
                Prompt = "sketch",
                ImageUrls = [new Uri("https://example.com/a.png")],
                AspectRatio = AspectRatio.Ratio9x16,
                Resolution = Resolution.Res4K,
            },
        };

        JsonAssert.SemanticallyEqual(
            """
            {
              "request_type": "callback",
              "callback_url": "https://hooks.example.com/apixo",
              "input": {
                "mode": "image-to-image",
                "prompt": "sketch",
                "aspect_ratio": "9:16",
                "resolution": "4k",
                "image_urls": ["https://example.com/a.png"]
              }
            }
            """,
            JsonSerializer.Serialize(request, ApixoJsonContext.Default.GenerateTaskRequest));
    }

    [Fact]
    public void Mode_selects_the_input_shape_wherever_it_stands_in_the_object()
    {
        var request = JsonSerializer.Deserialize(
            """{"input":{"prompt":"p","image_urls":["https://example.com/a.png"],"mode":"image-to-image"},"request_type":"async"}""",
            ApixoJsonContext.Default.GenerateTaskRequest)!;

        var input = Assert.IsType<ImageToImageInput>(request.Input);
        Assert.Equal("https://example.com/a.png", Assert.Single(input.ImageUrls).OriginalString);
    }

    [Fact]
    public void An_unknown_mode_does_not_parse()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            """{"request_type":"async","input":{"mode":"video","prompt":"p"}}""",
            ApixoJsonContext.Default.GenerateTaskRequest));
    }

    [Fact]
    public void Only_the_concrete_modes_derive_from_the_abstract_input()
    {
        Assert.True(typeof(GenerationInput).IsAbstract);
        Assert.Equal([typeof(ImageToImageInput), typeof(TextToImageInput)],
            typeof(GenerationInput).Assembly.GetTypes().Where(type => type.BaseType == typeof(GenerationInput)).OrderBy(type => type.Name));
    }

    [Fact]
    public void A_response_missing_a_required_field_fails_with_a_clear_error()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            """{"code":200,"data":{"state":"pending"}}""",
            ApixoJsonContext.Default.TaskStatusResponse));
        Assert.Contains("taskId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_response_fields_are_kept()
    {
        var response = JsonSerializer.Deserialize(
            """{"code":200,"message":"success","data":{"taskId":"t","state":"processing","progress":42},"traceId":"abc"}""",
            ApixoJsonContext.Default.TaskStatusResponse)!;

        Assert.Equal(42, response.Data.AdditionalProperties!["progress"].GetInt32());
        Assert.Equal("abc", response.AdditionalProperties!["traceId"].GetString());
    }

    [Theory]
    [InlineData("CONTENT_VIOLATION")]
    [InlineData("NSFW_DETECTED")]
    [InlineData("SensitiveContentDetected")]
    [InlineData("")]
    public void Any_fail_code_string_round_trips_unchanged(string code)
    {
        var json = $$"""{"taskId":"t","state":"failed","failCode":"{{code}}"}""";
        var status = JsonSerializer.Deserialize(json, ApixoJsonContext.Default.TaskStatusData)!;

        Assert.Equal(code, status.FailCode!.Value.Value);
        Assert.Equal(json, JsonSerializer.Serialize(status, ApixoJsonContext.Default.TaskStatusData));
    }

    [Fact]
    public void A_fail_code_that_is_not_a_string_is_a_clear_error()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            """{"taskId":"t","state":"failed","failCode":42}""", ApixoJsonContext.Default.TaskStatusData));
        Assert.Contains("failCode", error.Message, StringComparison.Ordinal);
    }
}
