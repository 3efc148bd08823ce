using Apixo.Generated.Tests.TestSupport;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace Apixo.Generated.Tests.Contract;

/// <summary>
/// The contract is valid OpenAPI and carries every fact of the reference (../shared/reference/apixo-api.md).
/// Read with Microsoft.OpenApi, a second reader beside NSwag's.
/// </summary>
public sealed class ContractDocumentTests
{
    private static readonly OpenApiDocument Doc = ContractDocument.Document;

    private static readonly int[] DocumentedErrorStatuses = [400, 401, 402, 403, 404, 429, 500, 502, 503, 504];

    [Fact]
    public void Parses_without_errors_as_OpenAPI_3_0()
    {
        Assert.Empty(ContractDocument.Diagnostic.Errors);
        Assert.Equal(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0, ContractDocument.Diagnostic.SpecificationVersion);
        Assert.StartsWith("openapi: 3.0.", ContractDocument.Text.Split('\n').First(line => line.StartsWith("openapi:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Declares_the_production_server_and_bearer_auth_on_every_call()
    {
        Assert.Equal("https://api.apixo.ai/api/v1", Assert.Single(Doc.Servers).Url);

        var scheme = Doc.Components.SecuritySchemes["bearerAuth"];
        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("bearer", scheme.Scheme);
        var requirement = Assert.Single(Doc.SecurityRequirements);
        Assert.Equal("bearerAuth", Assert.Single(requirement.Keys).Reference.Id);
    }

    [Theory]
    [InlineData("/generateTask/gpt-image-2", OperationType.Post, "GenerateTask", "submit")]
    [InlineData("/statusTask/gpt-image-2", OperationType.Get, "GetTaskStatus", "status")]
    [InlineData("/apikeys/current-balance", OperationType.Get, "GetBalance", "balance")]
    public void Has_each_operation_with_its_role(string path, OperationType method, string operationId, string role)
    {
        var operation = Doc.Paths[path].Operations[method];
        Assert.Equal(operationId, operation.OperationId);
        Assert.Equal(role, ((OpenApiString)operation.Extensions["x-apixo-role"]).Value);
    }

    [Fact]
    public void Has_exactly_the_three_paths()
    {
        Assert.Equal(
            ["/apikeys/current-balance", "/generateTask/gpt-image-2", "/statusTask/gpt-image-2"],
            Doc.Paths.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Status_takes_a_required_opaque_taskId_in_the_query()
    {
        var parameter = Assert.Single(Doc.Paths["/statusTask/gpt-image-2"].Operations[OperationType.Get].Parameters);
        Assert.Equal("taskId", parameter.Name);
        Assert.Equal(ParameterLocation.Query, parameter.In);
        Assert.True(parameter.Required);
        Assert.Equal("string", parameter.Schema.Type);
        Assert.Null(parameter.Schema.Pattern);
    }

    [Fact]
    public void Submit_body_has_request_type_callback_url_and_input()
    {
        var request = ContractDocument.Schema("GenerateTaskRequest");
        Assert.Equal(["input", "request_type"], request.Required.Order(StringComparer.Ordinal));
        Assert.Equal("RequestType", request.Properties["request_type"].Reference.Id);
        Assert.Equal("GenerationInput", request.Properties["input"].Reference.Id);

        var callbackUrl = request.Properties["callback_url"];
        Assert.Equal("uri", callbackUrl.Format);
        Assert.Equal("^https://", callbackUrl.Pattern);

        var requiredWhen = Assert.IsType<OpenApiArray>(request.Extensions["x-apixo-required-when"]);
        var rule = Assert.IsType<OpenApiObject>(Assert.Single(requiredWhen));
        Assert.Equal("callback_url", ((OpenApiString)rule["field"]).Value);
        Assert.Equal("callback", ((OpenApiString)((OpenApiObject)rule["when"])["request_type"]).Value);

        Assert.Equal(["async", "callback"], ContractDocument.EnumValues(ContractDocument.Schema("RequestType")));
    }

    [Fact]
    public void Input_is_polymorphic_on_mode_with_two_shapes()
    {
        var input = ContractDocument.Schema("GenerationInput");
        Assert.Equal("mode", input.Discriminator.PropertyName);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["text-to-image"] = "#/components/schemas/TextToImageInput",
                ["image-to-image"] = "#/components/schemas/ImageToImageInput",
            },
            input.Discriminator.Mapping);
        Assert.Equal(["mode", "prompt"], input.Required.Order(StringComparer.Ordinal));

        var modes = Assert.IsType<OpenApiArray>(input.Extensions["x-apixo-modes"]).Cast<OpenApiObject>()
            .Select(mode => (((OpenApiString)mode["mode"]).Value, ((OpenApiString)mode["schema"]).Value));
        Assert.Equal([("text-to-image", "TextToImageInput"), ("image-to-image", "ImageToImageInput")], modes);

        foreach (var shape in new[] { "TextToImageInput", "ImageToImageInput" })
        {
            Assert.Contains(ContractDocument.Schema(shape).AllOf, part => part.Reference?.Id == "GenerationInput");
        }
    }

    [Fact]
    public void Prompt_is_1_to_20000_characters()
    {
        var prompt = ContractDocument.Schema("GenerationInput").Properties["prompt"];
        Assert.Equal("string", prompt.Type);
        Assert.Equal(1, prompt.MinLength);
        Assert.Equal(20000, prompt.MaxLength);
    }

    [Fact]
    public void Image_to_image_requires_1_to_16_image_uris()
    {
        var ownPart = Assert.Single(ContractDocument.Schema("ImageToImageInput").AllOf, part => part.Reference is null);
        Assert.Contains("image_urls", ownPart.Required);
        var urls = ownPart.Properties["image_urls"];
        Assert.Equal("array", urls.Type);
        Assert.Equal(1, urls.MinItems);
        Assert.Equal(16, urls.MaxItems);
        Assert.Equal("uri", urls.Items.Format);

        var textOnly = ContractDocument.Schema("TextToImageInput").AllOf;
        Assert.DoesNotContain(textOnly, part => part.Properties.ContainsKey("image_urls"));
    }

    [Theory]
    [InlineData("AspectRatio", "auto", new[] { "auto", "1:1", "4:3", "3:4", "16:9", "9:16" }, new[] { "Auto", "Ratio1x1", "Ratio4x3", "Ratio3x4", "Ratio16x9", "Ratio9x16" })]
    [InlineData("Resolution", "1k", new[] { "1k", "2k", "4k" }, new[] { "Res1K", "Res2K", "Res4K" })]
    public void Enums_have_their_values_default_and_CSharp_names(string schemaName, string defaultValue, string[] values, string[] names)
    {
        var schema = ContractDocument.Schema(schemaName);
        Assert.Equal(values, ContractDocument.EnumValues(schema));
        Assert.Equal(names, ContractDocument.StringArrayExtension(schema, "x-enumNames"));
        Assert.Equal(defaultValue, Assert.IsType<OpenApiString>(schema.Default).Value);
    }

    [Fact]
    public void Every_enum_names_each_value_with_a_distinct_CSharp_identifier()
    {
        var enums = Doc.Components.Schemas.Where(pair => pair.Value.Enum.Count > 0).ToList();
        Assert.Equal(["AspectRatio", "RequestType", "Resolution", "TaskState"], enums.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        foreach (var (name, schema) in enums)
        {
            var names = ContractDocument.StringArrayExtension(schema, "x-enumNames");
            Assert.True(names.Count == schema.Enum.Count, $"{name}: {names.Count} names for {schema.Enum.Count} values");
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
            Assert.All(names, identifier => Assert.Matches("^[A-Z][A-Za-z0-9]*$", identifier));
        }
    }

    [Fact]
    public void Status_data_carries_the_documented_fields_and_requires_only_taskId_and_state()
    {
        var status = ContractDocument.Schema("TaskStatusData");
        Assert.Equal(["state", "taskId"], status.Required.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["completeTime", "costTime", "createTime", "failCode", "failMsg", "resultJson", "state", "taskId"],
            status.Properties.Keys.Order(StringComparer.Ordinal));
        foreach (var time in new[] { "createTime", "completeTime", "costTime" })
        {
            Assert.Equal(("integer", "int64"), (status.Properties[time].Type, status.Properties[time].Format));
        }

        Assert.Equal(["pending", "processing", "success", "failed"], ContractDocument.EnumValues(ContractDocument.Schema("TaskState")));

        var resultJson = status.Properties["resultJson"];
        Assert.Equal("string", resultJson.Type);
        Assert.Equal("TaskResult", ((OpenApiString)resultJson.Extensions["x-apixo-content-schema"]).Value);
        var result = ContractDocument.Schema("TaskResult");
        Assert.Equal("array", result.Properties["resultUrls"].Type);
        Assert.Equal(24, ((OpenApiInteger)result.Extensions["x-apixo-result-ttl-hours"]).Value);
    }

    [Theory]
    [InlineData("GenerateTaskResponse", "SubmittedTask")]
    [InlineData("TaskStatusResponse", "TaskStatusData")]
    public void Envelopes_are_code_message_data(string envelope, string dataSchema)
    {
        var schema = ContractDocument.Schema(envelope);
        Assert.Equal(["code", "data", "message"], schema.Properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(dataSchema, schema.Properties["data"].Reference.Id);
    }

    [Fact]
    public void Balance_data_is_a_number_in_USD()
    {
        var data = ContractDocument.Schema("BalanceResponse").Properties["data"];
        Assert.Equal(("number", "decimal"), (data.Type, data.Format));
    }

    [Fact]
    public void Every_object_schema_is_named_so_no_type_gets_a_numbered_name()
    {
        foreach (var (name, schema) in Doc.Components.Schemas)
        {
            foreach (var part in schema.AllOf.Where(part => part.Reference is null).Append(schema))
            {
                foreach (var (property, propertySchema) in part.Properties)
                {
                    var inlineObject = propertySchema.Reference is null && (propertySchema.Type == "object" || propertySchema.Properties.Count > 0);
                    Assert.False(inlineObject, $"{name}.{property} is an inline object: give it a named schema.");
                    var inlineItem = propertySchema.Items is { Reference: null } item && (item.Type == "object" || item.Properties.Count > 0);
                    Assert.False(inlineItem, $"{name}.{property} has inline object items: give them a named schema.");
                }
            }
        }
    }

    [Fact]
    public void Every_documented_HTTP_error_is_a_reusable_response_with_envelope_example_and_catalogue_entry()
    {
        var byStatus = Doc.Components.Responses.Values
            .ToDictionary(response => (int)((OpenApiInteger)((OpenApiObject)response.Extensions["x-apixo-error"])["status"]).Value);
        Assert.Equal(DocumentedErrorStatuses, byStatus.Keys.Order());

        foreach (var (status, response) in byStatus)
        {
            var entry = (OpenApiObject)response.Extensions["x-apixo-error"];
            Assert.All(new[] { "kind", "meaning", "advice" }, key => Assert.False(string.IsNullOrWhiteSpace(((OpenApiString)entry[key]).Value), $"{status}.{key}"));
            var retryable = ((OpenApiBoolean)entry["retryable"]).Value;
            Assert.True(retryable == (status is 429 or >= 500), $"{status} retryable={retryable}");
            var nothingCreated = ((OpenApiBoolean)entry["nothing-created"]).Value;
            Assert.True(nothingCreated == status < 500, $"{status} nothing-created={nothingCreated}");

            var media = response.Content["application/json"];
            Assert.Equal("ErrorResponse", media.Schema.Reference.Id);
            var example = Assert.IsType<OpenApiObject>(media.Example);
            Assert.Equal(status, ((OpenApiInteger)example["code"]).Value);
        }

        Assert.Equal("InsufficientBalance", ((OpenApiString)((OpenApiObject)byStatus[402].Extensions["x-apixo-error"])["kind"]).Value);
        Assert.Empty(ContractDocument.Schema("ErrorResponse").Required);
    }

    [Fact]
    public void Submit_documents_every_error_status()
    {
        var responses = Doc.Paths["/generateTask/gpt-image-2"].Operations[OperationType.Post].Responses;
        Assert.Equal(DocumentedErrorStatuses.Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Prepend("200"), responses.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/statusTask/gpt-image-2", OperationType.Get, new[] { 400, 401, 403, 404, 429, 500, 502, 503, 504 })]
    [InlineData("/apikeys/current-balance", OperationType.Get, new[] { 401, 403, 429, 500, 502, 503, 504 })]
    public void Status_and_balance_document_the_errors_that_apply_to_them(string path, OperationType method, int[] statuses)
    {
        var responses = Doc.Paths[path].Operations[method].Responses;
        Assert.Equal(statuses.Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Prepend("200"), responses.Keys.Order(StringComparer.Ordinal));
        Assert.All(statuses, status => Assert.NotNull(responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)].Reference));
    }

    [Fact]
    public void The_webhook_is_a_callback_on_submit_with_the_status_envelope()
    {
        var submit = Doc.Paths["/generateTask/gpt-image-2"].Operations[OperationType.Post];
        var callback = submit.Callbacks["taskCompleted"];
        var (expression, path) = Assert.Single(callback.PathItems);
        Assert.Equal("{$request.body#/callback_url}", expression.Expression);
        var post = path.Operations[OperationType.Post];
        Assert.Equal("TaskStatusResponse", post.RequestBody.Content["application/json"].Schema.Reference.Id);
        Assert.Contains("200", post.Responses.Keys);

        var delivery = (OpenApiObject)post.Extensions["x-apixo-callback-delivery"];
        Assert.Equal(30, ((OpenApiInteger)delivery["timeout-seconds"]).Value);
        Assert.Equal(3, ((OpenApiInteger)delivery["max-retries"]).Value);
        Assert.False(((OpenApiBoolean)delivery["signed"]).Value);
    }

    [Fact]
    public void Fail_codes_carry_meaning_advice_and_a_known_retry_class()
    {
        var retryClasses = ((OpenApiObject)Doc.Extensions["x-apixo-retry-classes"]).Keys.ToHashSet();
        Assert.Equal(["change-input", "fix-account", "transient"], retryClasses.Order(StringComparer.Ordinal));

        var failCode = ContractDocument.Schema("FailCode");
        Assert.Equal("string", failCode.Type);
        Assert.Empty(failCode.Enum); // the set is open: an enum would reject new server codes
        var codes = ((OpenApiArray)failCode.Extensions["x-apixo-fail-codes"]).Cast<OpenApiObject>()
            .ToDictionary(entry => ((OpenApiString)entry["code"]).Value, entry => ((OpenApiString)entry["retry"]).Value);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["CONTENT_VIOLATION"] = "change-input",
                ["INVALID_IMAGE_URL"] = "change-input",
                ["INVALID_PARAMETER"] = "change-input",
                ["INSUFFICIENT_BALANCE"] = "fix-account",
                ["UPSTREAM_ERROR"] = "transient",
                ["TIMEOUT"] = "transient",
            },
            codes);
        Assert.All(((OpenApiArray)failCode.Extensions["x-apixo-fail-codes"]).Cast<OpenApiObject>(), entry =>
            Assert.All(new[] { "name", "meaning", "advice" }, key => Assert.False(string.IsNullOrWhiteSpace(((OpenApiString)entry[key]).Value))));
        var failCodeProperty = ContractDocument.Schema("TaskStatusData").Properties["failCode"];
        Assert.Equal("FailCode", Assert.Single(failCodeProperty.AllOf).Reference.Id);
        Assert.Equal("FailCode", ((OpenApiString)failCodeProperty.Extensions["x-apixo-csharp-type"]).Value);
    }

    [Fact]
    public void Pricing_and_polling_cover_every_resolution()
    {
        var resolution = ContractDocument.Schema("Resolution");
        var pricing = (OpenApiObject)resolution.Extensions["x-apixo-pricing"];
        Assert.Equal("USD", ((OpenApiString)pricing["currency"]).Value);
        var prices = ((OpenApiObject)pricing["prices"]).ToDictionary(pair => pair.Key, pair => ((OpenApiDouble)pair.Value).Value);
        Assert.Equal(new Dictionary<string, double> { ["1k"] = 0.02, ["2k"] = 0.03, ["4k"] = 0.04 }, prices);

        var polling = (OpenApiObject)resolution.Extensions["x-apixo-polling"];
        Assert.Equal(ContractDocument.EnumValues(resolution), polling.Keys);
        var schedule = polling.ToDictionary(
            pair => pair.Key,
            pair =>
            {
                var tier = (OpenApiObject)pair.Value;
                var typical = ((OpenApiArray)tier["typical-seconds"]).Cast<OpenApiInteger>().Select(i => i.Value).ToArray();
                return (First: ((OpenApiInteger)tier["first-poll-seconds"]).Value, Interval: ((OpenApiInteger)tier["interval-seconds"]).Value, Min: typical[0], Max: typical[1]);
            });
        Assert.Equal((30, 10, 30, 120), schedule["1k"]);
        Assert.Equal((60, 10, 60, 180), schedule["2k"]);
        Assert.Equal((120, 10, 120, 240), schedule["4k"]);
    }

    [Fact]
    public void Rate_limits_per_plan_are_recorded()
    {
        var plans = ((OpenApiArray)Doc.Extensions["x-apixo-rate-limits"]).Cast<OpenApiObject>()
            .ToDictionary(plan => ((OpenApiString)plan["plan"]).Value);
        Assert.Equal(10, ((OpenApiInteger)plans["free"]["requests-per-minute"]).Value);
        Assert.Equal(3, ((OpenApiInteger)plans["free"]["concurrent-tasks"]).Value);
        Assert.Equal(60, ((OpenApiInteger)plans["pro"]["requests-per-minute"]).Value);
        Assert.Equal(10, ((OpenApiInteger)plans["pro"]["concurrent-tasks"]).Value);
    }

    [Fact]
    public void Every_request_and_response_body_has_an_example()
    {
        var bodies = ContractExamples.Bodies().ToList();
        Assert.NotEmpty(bodies);
        foreach (var body in bodies)
        {
            Assert.True(body.Examples.Count > 0, $"{body.Where} has no example.");
        }
    }

    [Fact]
    public void Every_extension_used_is_documented_at_the_top_of_the_file()
    {
        var header = string.Concat(ContractDocument.Text.Split('\n').TakeWhile(line => line.StartsWith('#')));
        var used = System.Text.RegularExpressions.Regex.Matches(ContractDocument.Text, @"^\s*(x-[a-zA-Z-]+):", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value)
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);
        Assert.All(used, extension => Assert.Contains(extension, header, StringComparison.Ordinal));
    }
}
