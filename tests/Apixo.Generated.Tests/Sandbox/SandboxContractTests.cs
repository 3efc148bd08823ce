using System.Net;
using System.Text;
using System.Text.Json;
using Apixo.Generated.Sandbox;
using Apixo.Generated.Serialization;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Tests.Sandbox;

/// <summary>
/// The sandbox's request check is the contract's JSON Schema: a contract edited in its YAML changes what the
/// sandbox accepts, with no change to the sandbox. Plus one raw request per kind of rule.
/// </summary>
public sealed class SandboxContractTests
{
    private const string Valid = """{"request_type":"async","input":{"mode":"text-to-image","prompt":"p"}}""";

    private static string TextToImage(string prompt) =>
        "{\"request_type\":\"async\",\"input\":{\"mode\":\"text-to-image\",\"prompt\":" + JsonSerializer.Serialize(prompt) + "}}";

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(ApixoSandbox sandbox, string body)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        var response = await http.PostAsync(new Uri(sandbox.BaseUrl + "/generateTask/gpt-image-2"), new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<ApixoSandbox> StartAsync(ContractEdit? contract = null) =>
        await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 600, Contract = contract?.ToString(), AllowLoopbackCallbacks = false });

    private static async Task AcceptedAsync(ApixoSandbox sandbox, string body)
    {
        var (status, text) = await PostAsync(sandbox, body);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {text}");
    }

    private static async Task<JsonElement> RejectedAsync(ApixoSandbox sandbox, string body, string pointer, string rule)
    {
        var (status, text) = await PostAsync(sandbox, body);
        Assert.True(status == HttpStatusCode.BadRequest, $"{status}: {text}");
        var envelope = JsonSerializer.Deserialize(text, ApixoJsonContext.Default.ErrorResponse)!;
        Assert.Equal(400, envelope.Code);
        var data = envelope.Data!.Value;
        var errors = data.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.GetProperty("rule").GetString())).ToList();
        Assert.True(errors.Contains((pointer, rule)), $"expected ({pointer}, {rule}) in {text}");
        Assert.Contains(pointer, data.GetProperty("error").GetString(), StringComparison.Ordinal);
        return data;
    }

    [Fact]
    public async Task A_narrowed_maxLength_rejects_what_the_built_contract_accepts()
    {
        var edit = new ContractEdit();
        Assert.Equal("20000", edit.Set(edit.Schema("GenerationInput").Map("properties").Map("prompt"), "maxLength", "10"));
        var prompt = new string('a', 11);
        var body = TextToImage(prompt);
        await using var built = await StartAsync();
        await using var narrowed = await StartAsync(edit);

        await AcceptedAsync(built, body);
        await RejectedAsync(narrowed, body, "/input/prompt", "maxLength");
        await AcceptedAsync(narrowed, body.Replace(prompt, new string('a', 10), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_aspect_ratio_is_accepted_and_rendered()
    {
        var edit = new ContractEdit();
        var values = Assert.IsType<YamlSequenceNode>(edit.Schema("AspectRatio")["enum"]);
        Assert.DoesNotContain(values.Children, v => ((YamlScalarNode)v).Value == "21:9");
        values.Add(new YamlScalarNode("21:9") { Style = YamlDotNet.Core.ScalarStyle.SingleQuoted });
        var body = """{"request_type":"async","input":{"mode":"text-to-image","prompt":"wide","aspect_ratio":"21:9"}}""";
        await using var built = await StartAsync();
        await using var edited = await StartAsync(edit);

        await RejectedAsync(built, body, "/input/aspect_ratio", "enum");
        await AcceptedAsync(edited, body);
        Assert.Equal((1024, 438), SandboxImages.Size("21:9", "1k"));
    }

    [Fact]
    public async Task A_new_optional_integer_field_is_accepted_and_checked()
    {
        var edit = new ContractEdit();
        var properties = edit.Schema("GenerationInput").Map("properties");
        Assert.False(properties.Children.ContainsKey(new YamlScalarNode("seed")));
        properties.Add("seed", new YamlMappingNode { { "type", "integer" }, { "format", "int32" }, { "minimum", "0" } });
        await using var built = await StartAsync();
        await using var edited = await StartAsync(edit);
        var seeded = """{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","seed":42}}""";

        await RejectedAsync(built, seeded, "/input/seed", "closed");
        await AcceptedAsync(edited, seeded);
        await RejectedAsync(edited, seeded.Replace("42", "4.5", StringComparison.Ordinal), "/input/seed", "type");
        await RejectedAsync(edited, seeded.Replace("42", "-1", StringComparison.Ordinal), "/input/seed", "minimum");
    }

    [Fact]
    public async Task A_narrowed_maxItems_rejects_what_the_built_contract_accepts()
    {
        var edit = new ContractEdit();
        var imageToImage = edit.Schema("ImageToImageInput");
        var own = Assert.Single(Assert.IsType<YamlSequenceNode>(imageToImage["allOf"]).Children.OfType<YamlMappingNode>(), m => m.Children.ContainsKey(new YamlScalarNode("properties")));
        Assert.Equal("16", edit.Set((YamlMappingNode)((YamlMappingNode)own["properties"])["image_urls"], "maxItems", "2"));
        var body = """{"request_type":"async","input":{"mode":"image-to-image","prompt":"p","image_urls":["https://e.com/1.png","https://e.com/2.png","https://e.com/3.png"]}}""";
        await using var built = await StartAsync();
        await using var narrowed = await StartAsync(edit);

        await AcceptedAsync(built, body);
        await RejectedAsync(narrowed, body, "/input/image_urls", "maxItems");
    }

    [Fact]
    public async Task A_third_mode_is_accepted_with_its_own_fields()
    {
        var edit = new ContractEdit();
        var input = edit.Schema("GenerationInput");
        var mapping = input.Map("discriminator").Map("mapping");
        Assert.False(mapping.Children.ContainsKey(new YamlScalarNode("inpaint")));
        mapping.Add("inpaint", "#/components/schemas/InpaintInput");
        edit.Map("components", "schemas").Add("InpaintInput", new YamlMappingNode
        {
            { "x-apixo-closed", "true" },
            {
                "allOf", new YamlSequenceNode(
                    new YamlMappingNode { { "$ref", "#/components/schemas/GenerationInput" } },
                    new YamlMappingNode
                    {
                        { "type", "object" },
                        { "required", new YamlSequenceNode(new YamlScalarNode("mask_url")) },
                        { "properties", new YamlMappingNode { { "mask_url", new YamlMappingNode { { "type", "string" }, { "pattern", "^https://" } } } } },
                    })
            },
        });
        await using var built = await StartAsync();
        await using var edited = await StartAsync(edit);
        var body = """{"request_type":"async","input":{"mode":"inpaint","prompt":"p","mask_url":"https://e.com/m.png"}}""";

        await RejectedAsync(built, body, "/input/mode", "enum");
        await AcceptedAsync(edited, body);
        await RejectedAsync(edited, body.Replace(",\"mask_url\":\"https://e.com/m.png\"", string.Empty, StringComparison.Ordinal), "/input/mask_url", "required");
        await RejectedAsync(edited, Valid.Replace("\"p\"", "\"p\",\"mask_url\":\"https://e.com/m.png\"", StringComparison.Ordinal), "/input/mask_url", "closed");
    }

    [Fact]
    public async Task A_required_when_rule_of_the_contract_is_enforced_and_follows_its_edit()
    {
        var edit = new ContractEdit();
        var rule = Assert.IsType<YamlMappingNode>(Assert.Single(Assert.IsType<YamlSequenceNode>(edit.Schema("GenerateTaskRequest")["x-apixo-required-when"]).Children));
        edit.Set((YamlMappingNode)rule["when"], "request_type", "async");
        var callbackWithout = """{"request_type":"callback","input":{"mode":"text-to-image","prompt":"p"}}""";
        await using var built = await StartAsync();
        await using var edited = await StartAsync(edit);

        await RejectedAsync(built, callbackWithout, "/callback_url", "required");
        await AcceptedAsync(built, Valid);
        await AcceptedAsync(edited, callbackWithout);
        await RejectedAsync(edited, Valid, "/callback_url", "required");
    }

    [Fact]
    public async Task An_operation_the_sandbox_does_not_model_answers_501_with_the_envelope()
    {
        var edit = new ContractEdit();
        var paths = edit.Map("paths");
        Assert.False(paths.Children.ContainsKey(new YamlScalarNode("/cancelTask/gpt-image-2")));
        paths.Add("/cancelTask/gpt-image-2", new YamlMappingNode { { "post", new YamlMappingNode { { "operationId", "CancelTask" }, { "responses", new YamlMappingNode { { "200", new YamlMappingNode { { "description", "Canceled." } } } } } } } });
        await using var edited = await StartAsync(edit);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");

        var response = await http.PostAsync(new Uri(edited.BaseUrl + "/cancelTask/gpt-image-2"), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        var envelope = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ApixoJsonContext.Default.ErrorResponse)!;
        Assert.Equal(501, envelope.Code);
        Assert.Contains("CancelTask", envelope.Data!.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_answering_like_the_submit_but_without_its_role_is_not_the_submit()
    {
        // A copy of the submit under another path, without x-apixo-role: same body, same answer type. The sandbox finds
        // the submit by its role, so the copy is an operation it does not model, and the real submit still works.
        var edit = new ContractEdit();
        var paths = edit.Map("paths");
        var (submitPath, submitItem) = paths.Children.Select(pair => (Path: ((YamlScalarNode)pair.Key).Value!, Item: (YamlMappingNode)pair.Value))
            .Single(pair => pair.Item.Children.Values.OfType<YamlMappingNode>().Any(operation => operation.Children.TryGetValue(new YamlScalarNode("x-apixo-role"), out var role) && role.ToString() == "submit"));
        var submit = submitItem.Children.Values.OfType<YamlMappingNode>().Single();
        var copy = new YamlMappingNode(submit.Children.Where(pair => pair.Key.ToString() is not ("x-apixo-role" or "operationId")));
        copy.Add("operationId", "SubmitAgain");
        paths.Add(submitPath + "/again", new YamlMappingNode { { "post", copy } });
        await using var edited = await StartAsync(edit);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");

        var again = await http.PostAsync(new Uri(edited.BaseUrl + submitPath + "/again"), new StringContent(Valid, Encoding.UTF8, "application/json"));
        var real = await http.PostAsync(new Uri(edited.BaseUrl + submitPath), new StringContent(Valid, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotImplemented, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
    }

    [Fact]
    public async Task A_new_state_of_the_contract_is_produced_by_its_marker()
    {
        var edit = new ContractEdit();
        var states = Assert.IsType<YamlSequenceNode>(edit.Schema("TaskState")["enum"]);
        states.Add("canceled");
        await using var built = await StartAsync();
        await using var edited = await StartAsync(edit);

        Assert.Equal("success", await EndStateAsync(built, "x [state:canceled]"));
        Assert.Equal("canceled", await EndStateAsync(edited, "x [state:canceled]"));
        Assert.Equal("failed", await EndStateAsync(edited, "x [state:failed]"));
    }

    [Theory]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":""}}""", "/input/prompt", "minLength")]
    [InlineData("""{"request_type":"async","input":{"mode":"image-to-image","prompt":"p","image_urls":["ftp://e.com/a.png"]}}""", "/input/image_urls/0", "pattern")]
    [InlineData("""{"request_type":"async","input":{"mode":"image-to-image","prompt":"p","image_urls":["https://"]}}""", "/input/image_urls/0", "format")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","resolution":"8k"}}""", "/input/resolution", "enum")]
    [InlineData("""{"request_type":"sync","input":{"mode":"text-to-image","prompt":"p"}}""", "/request_type", "enum")]
    [InlineData("""{"request_type":"async","input":{"mode":"image-to-image","prompt":"p","image_urls":[]}}""", "/input/image_urls", "minItems")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","image_urls":["https://e.com/a.png"]}}""", "/input/image_urls", "closed")]
    [InlineData("""{"request_type":"async","extra":1,"input":{"mode":"text-to-image","prompt":"p"}}""", "/extra", "closed")]
    [InlineData("""{"request_type":"callback","input":{"mode":"text-to-image","prompt":"p"}}""", "/callback_url", "required")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":7}}""", "/input/prompt", "type")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"a\ud800"}}""", "/input/prompt", "wellFormed")]
    [InlineData("""{"request_type":"async","input":{"mode":"image-to-image","prompt":"p","image_urls":["https://e.com/\udc00.png"]}}""", "/input/image_urls/0", "wellFormed")]
    [InlineData("""{"request_type":"async","input":{"mode":"text-to-image","prompt":"p","\ud800":1}}""", "/input", "wellFormed")]
    public async Task Each_rule_of_the_schema_is_named_with_its_field(string body, string pointer, string rule)
    {
        await using var sandbox = await StartAsync();

        await RejectedAsync(sandbox, body, pointer, rule);
    }

    [Fact]
    public async Task Length_counts_code_points_as_the_builders_do()
    {
        var edit = new ContractEdit();
        edit.Set(edit.Schema("GenerationInput").Map("properties").Map("prompt"), "maxLength", "2");
        await using var sandbox = await StartAsync(edit);

        await AcceptedAsync(sandbox, """{"request_type":"async","input":{"mode":"text-to-image","prompt":"😀😀"}}""");
        await RejectedAsync(sandbox, """{"request_type":"async","input":{"mode":"text-to-image","prompt":"😀😀😀"}}""", "/input/prompt", "maxLength");
    }

    // Each prompt is a run of one text (several code points that read as one character: a letter and a combining
    // accent, an emoji with a skin tone, a family joined by ZWJs, a flag) with a tail, at the contract's
    // maxLength of 20000. JSON Schema counts code points, and so do the builders; JsonSchema.Net's own keyword
    // counts text elements (graphemes), so on every row here it would disagree: it accepted the rejected ones.
    [Theory]
    [InlineData("e\u0301", 10000, "", true)]
    [InlineData("e\u0301", 10000, "a", false)]
    [InlineData("a", 19998, "e\u0301", true)]
    [InlineData("a", 19999, "e\u0301", false)]
    [InlineData("\U0001F44D\U0001F3FD", 10000, "", true)]
    [InlineData("\U0001F44D\U0001F3FD", 10000, "\U0001F600", false)]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467", 4000, "", true)]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467", 4000, "a", false)]
    [InlineData("\U0001F1EB\U0001F1F7", 10000, "", true)]
    [InlineData("\U0001F1EB\U0001F1F7", 10000, "a", false)]
    public async Task At_the_prompt_limit_the_sandbox_and_the_builders_agree_in_code_points(string unit, int count, string tail, bool accepted)
    {
        var prompt = string.Concat(Enumerable.Repeat(unit, count)) + tail;
        var codePoints = prompt.EnumerateRunes().Count();
        var graphemes = new System.Globalization.StringInfo(prompt).LengthInTextElements;
        Assert.Equal(accepted, codePoints <= 20000);
        Assert.True(graphemes <= 20000 && graphemes < codePoints, $"{codePoints} code points, {graphemes} graphemes: not a prompt on which the two counts disagree");

        var built = GptImage2.TextToImage(prompt).TryBuild(out _, out var errors);
        Assert.True(built == accepted, $"builder: {string.Join("; ", errors)}");
        List<(string, string, string)> expected = accepted ? [] : [("/input/prompt", "maxLength", $"{codePoints} characters")];
        Assert.Equal(expected, errors.Select(e => (e.Path, e.Rule, e.Actual)).ToList());

        await using var sandbox = await StartAsync();
        if (accepted)
        {
            await AcceptedAsync(sandbox, TextToImage(prompt));
        }
        else
        {
            await RejectedAsync(sandbox, TextToImage(prompt), "/input/prompt", "maxLength");
        }
    }

    // The other edge: a minLength the library would count in graphemes refused a prompt the builders' rule takes.
    [Fact]
    public async Task A_minLength_counts_code_points_as_the_builders_rule_does()
    {
        var edit = new ContractEdit();
        Assert.Equal("1", edit.Set(edit.Schema("GenerationInput").Map("properties").Map("prompt"), "minLength", "2"));
        await using var sandbox = await StartAsync(edit);

        foreach (var (prompt, accepted) in new[] { ("e\u0301", true), ("\U0001F44D\U0001F3FD", true), ("\U0001F1EB\U0001F1F7", true), ("\u00E9", false), ("\U0001F600", false) })
        {
            var errors = new List<ApixoValidationError>();
            ContractRules.Text(errors, "/input/prompt", prompt, required: true, minLength: 2, maxLength: 20000);
            Assert.True(errors.Count == 0 == accepted, $"{JsonSerializer.Serialize(prompt)}: {string.Join("; ", errors)}");
            if (accepted)
            {
                await AcceptedAsync(sandbox, TextToImage(prompt));
            }
            else
            {
                Assert.Equal("minLength", errors.Single().Rule);
                await RejectedAsync(sandbox, TextToImage(prompt), "/input/prompt", "minLength");
            }
        }
    }

    private static async Task<string> EndStateAsync(ApixoSandbox sandbox, string prompt)
    {
        var (_, submitted) = await PostAsync(sandbox, TextToImage(prompt));
        var id = JsonDocument.Parse(submitted).RootElement.GetProperty("data").GetProperty("taskId").GetString();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "k");
        for (var i = 0; i < 600; i++)
        {
            var status = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{sandbox.BaseUrl}/statusTask/gpt-image-2?taskId={id}"))).RootElement.GetProperty("data");
            var state = status.GetProperty("state").GetString()!;
            if (state is not ("pending" or "processing"))
            {
                return state;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The task did not end.");
    }

    // Every kind of field the builders now set (numbers with exclusive bounds and steps, inline enums, nullable fields,
    // arrays of text, integers, enums and numbers with their item rules, defaults), added to the contract: the sandbox
    // accepts a body that keeps them and names the field and rule of one that does not.
    private static ContractEdit WithEveryFieldKind()
    {
        var edit = new ContractEdit();
        var properties = edit.Schema("GenerationInput").Map("properties");
        void Add(string name, string schema)
        {
            Assert.False(properties.Children.ContainsKey(new YamlScalarNode(name)), $"'{name}' is already in the contract.");
            var stream = new YamlStream();
            stream.Load(new StringReader(schema));
            properties.Children.Add(new YamlScalarNode(name), stream.Documents[0].RootNode);
        }

        Add("guidance", "{ type: number, minimum: 0, maximum: 20, default: 7.5 }");
        Add("strength", "{ type: number, format: float, minimum: 0, exclusiveMinimum: true, maximum: 1 }");
        Add("weight", "{ type: number, format: decimal, multipleOf: 0.25 }");
        Add("style", "{ type: string, enum: [vivid, natural], x-enumNames: [Vivid, Natural], default: vivid }");
        Add("detail_level", "{ type: string, enum: [low, high], x-enumNames: [Low, High], nullable: true }");
        Add("tags", "{ type: array, items: { type: string, minLength: 1, maxLength: 12, pattern: '^[a-z]+$' }, minItems: 1, maxItems: 3, uniqueItems: true }");
        Add("seeds", "{ type: array, items: { type: integer, minimum: 0 }, maxItems: 4 }");
        Add("styles", "{ type: array, items: { type: string, enum: [a, b-c], x-enumNames: [A, BC] }, uniqueItems: true }");
        Add("weights", "{ type: array, items: { type: number, maximum: 1 }, default: [0.5, 1] }");
        Add("n", "{ type: integer, nullable: true, minimum: 1, default: 1 }");
        Add("enhance", "{ type: boolean, default: false }");
        return edit;
    }

    [Fact]
    public async Task A_request_with_every_new_kind_of_field_is_accepted()
    {
        await using var edited = await StartAsync(WithEveryFieldKind());

        // The body the generated builders send for these values (FieldKindsEndToEndTests builds it).
        await AcceptedAsync(edited, """
            {"request_type":"async","input":{"mode":"text-to-image","prompt":"a fox","guidance":12.5,"strength":0.5,"weight":0.75,
             "style":"natural","detail_level":"high","tags":["fox","snow"],"seeds":[1,2,3],"styles":["a","b-c"],"weights":[0.25],
             "n":2,"enhance":true}}
            """);
        await AcceptedAsync(edited, """{"request_type":"async","input":{"mode":"text-to-image","prompt":"a fox","detail_level":null,"n":null}}""");
    }

    [Theory]
    [InlineData("\"guidance\":20.5", "/input/guidance", "maximum")]
    [InlineData("\"strength\":0", "/input/strength", "exclusiveMinimum")]
    [InlineData("\"weight\":0.3", "/input/weight", "multipleOf")]
    [InlineData("\"style\":\"bold\"", "/input/style", "enum")]
    [InlineData("\"tags\":[\"Fox\"]", "/input/tags/0", "pattern")]
    [InlineData("\"tags\":[\"a\",\"a\"]", "/input/tags", "uniqueItems")]
    [InlineData("\"seeds\":[-1]", "/input/seeds/0", "minimum")]
    [InlineData("\"styles\":[\"c\"]", "/input/styles/0", "enum")]
    [InlineData("\"weights\":[1.5]", "/input/weights/0", "maximum")]
    [InlineData("\"n\":0", "/input/n", "minimum")]
    public async Task A_new_field_that_breaks_its_rule_is_named(string field, string pointer, string rule)
    {
        await using var edited = await StartAsync(WithEveryFieldKind());

        await RejectedAsync(edited, "{\"request_type\":\"async\",\"input\":{\"mode\":\"text-to-image\",\"prompt\":\"a fox\"," + field + "}}", pointer, rule);
    }
}
