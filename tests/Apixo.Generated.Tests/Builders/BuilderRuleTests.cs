using System.Text.Json;
using Apixo.Generated.Serialization;

namespace Apixo.Generated.Tests.Builders;

/// <summary>The edges of every rule the generated builders enforce, on the builders the client ships.</summary>
public sealed class BuilderRuleTests
{
    private const string Url = "https://example.com/a.png";

    private static IReadOnlyList<ApixoValidationError> Errors<T>(GptImage2RequestBuilder<T> builder)
        where T : GptImage2RequestBuilder<T>
    {
        var built = builder.TryBuild(out var request, out var errors);
        Assert.Equal(built, errors.Count == 0);
        Assert.Equal(built, request is not null);
        return errors;
    }

    [Theory]
    [InlineData(0, "minLength")]
    [InlineData(1, null)]
    [InlineData(20000, null)]
    [InlineData(20001, "maxLength")]
    public void Prompt_length_edges(int length, string? rule)
    {
        var errors = Errors(GptImage2.TextToImage(new string('a', length)));
        Assert.Equal(rule, errors.SingleOrDefault()?.Rule);
        if (rule is not null)
        {
            Assert.Equal("/input/prompt", errors.Single().Path);
            Assert.Equal($"{length} characters", errors.Single().Actual);
        }
    }

    [Fact]
    public void A_surrogate_pair_is_one_character()
    {
        var emoji = "\U0001F600";
        Assert.Empty(Errors(GptImage2.TextToImage(string.Concat(Enumerable.Repeat(emoji, 20000)))));
        var over = Errors(GptImage2.TextToImage(string.Concat(Enumerable.Repeat(emoji, 20001))));
        Assert.Equal(("maxLength", "20001 characters"), (over.Single().Rule, over.Single().Actual));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t\n  ")]
    public void A_whitespace_only_prompt_is_rejected(string prompt) =>
        Assert.Equal("notBlank", Errors(GptImage2.TextToImage(prompt)).Single().Rule);

    [Fact]
    public void Every_broken_rule_of_the_prompt_is_listed()
    {
        Assert.Equal(["maxLength", "notBlank"], Errors(GptImage2.TextToImage(new string(' ', 20001))).Select(e => e.Rule));
        Assert.Equal(["wellFormed", "maxLength"], Errors(GptImage2.TextToImage(new string('a', 20001) + "\uD800")).Select(e => e.Rule));
    }

    [Theory]
    [InlineData("HTTPS://example.com/a.png", "pattern")]
    [InlineData("Http://example.com/a.png", "pattern")]
    [InlineData("https://example.com/a\u0001.png", "format")]
    [InlineData("https://example.com/a\u200B.png", "format")]
    public void The_scheme_is_matched_as_written_and_control_characters_are_rejected(string url, string rule) =>
        Assert.Equal(rule, Errors(GptImage2.ImageToImage("p", [url])).Single().Rule);

    [Fact]
    public void An_error_never_echoes_a_query_or_user_info()
    {
        var errors = Errors(GptImage2.TextToImage("p").WithCallback("http://user:pa55@hooks.example.com/cb?token=s3cr3t"));
        var message = new ApixoValidationException(errors).Message;
        Assert.DoesNotContain("s3cr3t", message, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55", message, StringComparison.Ordinal);
        Assert.Contains("hooks.example.com/cb", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_knows_its_canonical_code() =>
        Assert.Equal(FailCode.ContentViolation, new FailCode("NSFW_DETECTED").Canonical);

    [Fact]
    public void A_lone_surrogate_is_rejected() =>
        Assert.Equal("wellFormed", Errors(GptImage2.TextToImage("ok \uD800 ok")).Single().Rule);

    [Fact]
    public void A_null_prompt_is_required() =>
        Assert.Equal(("required", "/input/prompt"), Errors(GptImage2.TextToImage(null!)).Select(e => (e.Rule, e.Path)).Single());

    [Theory]
    [InlineData(0, "minItems")]
    [InlineData(1, null)]
    [InlineData(16, null)]
    [InlineData(17, "maxItems")]
    public void Image_url_count_edges(int count, string? rule)
    {
        var errors = Errors(GptImage2.ImageToImage("p", Enumerable.Repeat(Url, count)));
        Assert.Equal(rule, errors.SingleOrDefault()?.Rule);
        if (rule is not null)
        {
            Assert.Equal("/input/image_urls", errors.Single().Path);
        }
    }

    [Theory]
    [InlineData("images/a.png", "format")]
    [InlineData("ftp://example.com/a.png", "pattern")]
    [InlineData(" https://example.com/a.png", "format")]
    [InlineData("https://example.com/a b.png", "format")]
    [InlineData("", "format")]
    [InlineData("https://", "format")]
    [InlineData("http://example.com/a.png", null)]
    public void Image_url_shape(string url, string? rule)
    {
        var errors = Errors(GptImage2.ImageToImage("p", [Url, Url, Url, url]));
        Assert.Equal(rule, errors.SingleOrDefault()?.Rule);
        if (rule is not null)
        {
            Assert.Equal("/input/image_urls/3", errors.Single().Path);
            Assert.Contains("http or https", errors.Single().Limit, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://hooks.example.com/apixo", null)]
    [InlineData("http://hooks.example.com/apixo", "pattern")]
    [InlineData("hooks.example.com/apixo", "format")]
    [InlineData(null, "required")]
    public void Callback_url_must_be_https(string? url, string? rule)
    {
        var errors = Errors(GptImage2.TextToImage("p").WithCallback(url!));
        Assert.Equal(rule, errors.SingleOrDefault()?.Rule);
        if (rule is not null)
        {
            Assert.Equal("/callback_url", errors.Single().Path);
        }
    }

    [Fact]
    public void An_enum_value_outside_the_contract_is_rejected()
    {
        var errors = Errors(GptImage2.TextToImage("p").WithAspectRatio((AspectRatio)42).WithResolution((Resolution)7));
        Assert.Equal([("/input/aspect_ratio", "enum"), ("/input/resolution", "enum")], errors.Select(e => (e.Path, e.Rule)));
        Assert.Contains("16:9", errors[0].Limit, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_throws_one_exception_that_lists_every_violation()
    {
        var builder = GptImage2.ImageToImage(new string('a', 20001), ["ftp://x/y.png", "relative.png"]).WithCallback("http://hooks.example.com");

        var exception = Assert.Throws<ApixoValidationException>(() => builder.Build());

        Assert.Equal(["/callback_url", "/input/prompt", "/input/image_urls/0", "/input/image_urls/1"], exception.Errors.Select(e => e.Path));
        Assert.All(exception.Errors, error => Assert.Contains(error.Path, exception.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_built_request_sends_what_was_set_and_what_is_required_and_nothing_else()
    {
        var request = GptImage2.ImageToImage("sketch", [Url]).WithAspectRatio(AspectRatio.Ratio16x9).WithCallback("https://hooks.example.com/apixo").Build();
        var bare = GptImage2.TextToImage("sketch").Build();

        Assert.Equal(
            """{"request_type":"callback","callback_url":"https://hooks.example.com/apixo","input":{"mode":"image-to-image","image_urls":["https://example.com/a.png"],"prompt":"sketch","aspect_ratio":"16:9"}}""",
            JsonSerializer.Serialize(request, ApixoJsonContext.Default.GenerateTaskRequest));
        // An optional field left unset is not sent: the server applies the contract's default.
        Assert.Equal(
            """{"request_type":"async","input":{"mode":"text-to-image","prompt":"sketch"}}""",
            JsonSerializer.Serialize(bare, ApixoJsonContext.Default.GenerateTaskRequest));
        Assert.Equal(GptImage2Pricing.PricePerImage(ResolutionValues.Default), GptImage2Pricing.EstimateCost(bare));
    }

    [Fact]
    public void AsAsync_drops_the_callback()
    {
        var request = GptImage2.TextToImage("p").WithCallback("https://hooks.example.com").AsAsync().Build();
        Assert.Equal(RequestType.Async, request.RequestType);
        Assert.Null(request.CallbackUrl);
    }

    [Fact]
    public void Text_to_image_has_no_way_to_set_image_urls()
    {
        Assert.DoesNotContain(typeof(TextToImageRequestBuilder).GetMethods(), method => method.Name.Contains("ImageUrl", StringComparison.Ordinal));
        Assert.Contains(typeof(ImageToImageRequestBuilder).GetMethods(), method => method.Name == "AddImageUrl");
    }

    [Theory]
    [InlineData(Resolution.Res1K, 0.02)]
    [InlineData(Resolution.Res2K, 0.03)]
    [InlineData(Resolution.Res4K, 0.04)]
    public void Cost_follows_the_resolution(Resolution resolution, double price)
    {
        Assert.Equal((decimal)price, GptImage2Pricing.EstimateCost(GptImage2.TextToImage("p").WithResolution(resolution).Build()));
        Assert.Equal(0.02m, GptImage2Pricing.EstimateCost(new GenerateTaskRequest { RequestType = RequestType.Async, Input = new TextToImageInput { Prompt = "p" } }));
    }

    [Theory]
    [InlineData(Resolution.Res1K, 30, 120)]
    [InlineData(Resolution.Res2K, 60, 180)]
    [InlineData(Resolution.Res4K, 120, 240)]
    public void Polling_follows_the_resolution(Resolution resolution, int firstPoll, int typicalMax)
    {
        var schedule = GptImage2Polling.For(resolution);
        Assert.Equal(TimeSpan.FromSeconds(firstPoll), schedule.FirstPoll);
        Assert.Equal(TimeSpan.FromSeconds(10), schedule.Interval);
        Assert.Equal(TimeSpan.FromSeconds(typicalMax), schedule.TypicalMax);
    }

    [Fact]
    public void Known_fail_codes_carry_meaning_advice_and_retry_class()
    {
        var status = JsonSerializer.Deserialize("""{"taskId":"t","state":"failed","failCode":"UPSTREAM_ERROR"}""", ApixoJsonContext.Default.TaskStatusData)!;
        var code = status.FailCode!.Value;
        Assert.Equal(FailCode.UpstreamError, code);
        Assert.True(code.IsKnown);
        Assert.Equal(FailRetryClass.Transient, code.RetryClass);
        Assert.Equal("Retry with backoff or try another route.", code.Advice);
        Assert.Equal(6, FailCode.Known.Count);
    }

    [Fact]
    public void An_unknown_fail_code_round_trips_and_says_it_is_unknown()
    {
        const string Json = """{"taskId":"t","state":"failed","failCode":"BRAND_NEW_CODE","failMsg":"nope"}""";
        var status = JsonSerializer.Deserialize(Json, ApixoJsonContext.Default.TaskStatusData)!;
        var code = status.FailCode!.Value;
        Assert.False(code.IsKnown);
        Assert.Equal("BRAND_NEW_CODE", code.Value);
        Assert.Equal(FailRetryClass.Unknown, code.RetryClass);
        Assert.Equal(Json, JsonSerializer.Serialize(status, ApixoJsonContext.Default.TaskStatusData));
    }

    [Theory]
    [InlineData("NSFW_DETECTED")]
    [InlineData("SensitiveContentDetected")]
    public void An_alias_from_other_APIXO_pages_reads_as_a_content_violation_and_keeps_its_name(string alias)
    {
        var code = new FailCode(alias);
        Assert.True(code.IsKnown);
        Assert.Equal(FailCode.ContentViolation.Meaning, code.Meaning);
        Assert.Equal(FailRetryClass.ChangeInput, code.RetryClass);
        Assert.Equal(alias, code.Value);
        Assert.NotEqual(FailCode.ContentViolation, code);
    }

    [Theory]
    [InlineData(402, ApixoErrorKind.InsufficientBalance, false, true)]
    [InlineData(429, ApixoErrorKind.RateLimited, true, true)]
    [InlineData(503, ApixoErrorKind.ServiceUnavailable, true, false)]
    [InlineData(418, ApixoErrorKind.Unknown, false, true)]
    [InlineData(599, ApixoErrorKind.Unknown, true, false)]
    public void The_HTTP_error_catalogue_describes_every_status(int status, ApixoErrorKind kind, bool retryable, bool nothingCreated)
    {
        var info = ApixoHttpErrors.Describe(status);
        Assert.Equal((status, kind, retryable, nothingCreated), (info.Status, info.Kind, info.Retryable, info.NothingCreated));
        Assert.False(string.IsNullOrWhiteSpace(info.Advice));
    }

    [Fact]
    public void Every_mode_is_found_again_from_the_input_it_builds()
    {
        foreach (var mode in GptImage2Modes.All)
        {
            var values = mode.Fields.Where(field => field.Required)
                .ToDictionary(field => field.Wire, field => (IReadOnlyList<string>)[field.Schemes.Count > 0 ? "https://example.com/a.png" : "a lighthouse"]);
            Assert.True(GptImage2Modes.TryBuild(mode.Wire, values, null, out var request, out var errors), string.Join("; ", errors));
            Assert.Same(mode, GptImage2Modes.Of(request.Input));
        }

        Assert.Null(GptImage2Modes.Of(null));
    }

    [Fact]
    public void An_error_kind_finds_its_catalogue_entry_and_Unknown_finds_none()
    {
        Assert.All(ApixoHttpErrors.All, error => Assert.Same(error, ApixoHttpErrors.Of(error.Kind)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ApixoHttpErrors.Of(ApixoErrorKind.Unknown));
    }
}

/// <summary>The runtime half of integer and boolean fields (the generated builders call these).</summary>
public sealed class IntegerAndPresenceRuleTests
{
    [Theory]
    [InlineData(3L, 1L, 4L, false, false, null, new string[0])]
    [InlineData(0L, 1L, 4L, false, false, null, new[] { "minimum" })]
    [InlineData(5L, 1L, 4L, false, false, null, new[] { "maximum" })]
    [InlineData(1L, 1L, 4L, true, false, null, new[] { "exclusiveMinimum" })]
    [InlineData(4L, 1L, 4L, false, true, null, new[] { "exclusiveMaximum" })]
    [InlineData(3L, null, null, false, false, 2L, new[] { "multipleOf" })]
    [InlineData(3_000_000_000L, null, null, false, false, null, new[] { "format" })]
    public void Integer_checks_bounds_multiples_and_the_CSharp_type(long value, long? min, long? max, bool exclusiveMin, bool exclusiveMax, long? multipleOf, string[] rules)
    {
        var errors = new List<ApixoValidationError>();

        ContractRules.Integer(errors, "/input/n", value, required: false, min, max, exclusiveMin, exclusiveMax, multipleOf, int.MinValue, int.MaxValue);

        Assert.Equal(rules, errors.Select(error => error.Rule));
        Assert.All(errors, error => Assert.Equal("/input/n", error.Path));
    }

    [Fact]
    public void A_missing_value_breaks_only_a_required_field()
    {
        var errors = new List<ApixoValidationError>();

        ContractRules.Integer(errors, "/input/a", null, required: false, 1, 4, false, false, null, int.MinValue, int.MaxValue);
        ContractRules.Integer(errors, "/input/b", null, required: true, 1, 4, false, false, null, int.MinValue, int.MaxValue);
        ContractRules.Present(errors, "/input/c", present: false, required: false, "true or false");
        ContractRules.Present(errors, "/input/d", present: false, required: true, "true or false");

        Assert.Equal([("/input/b", "required"), ("/input/d", "required")], errors.Select(error => (error.Path, error.Rule)));
    }
}
