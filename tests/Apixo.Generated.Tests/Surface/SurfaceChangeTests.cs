using Apixo.Generated.Cli.Surface;
using Apixo.Generated.Generator.Tests.TestSupport;
using Apixo.Generated.Tests.TestSupport;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Tests.Surface;

/// <summary>
/// One contract pair per kind of change to the generated C# surface, each edited in the contract's YAML structure
/// (never its text), each asserting the exact change lines: what the package people compile against gains, loses
/// or changes.
/// </summary>
public sealed class SurfaceChangeTests(ITestOutputHelper output)
{
    // The real contract as ContractYaml writes it, generated once: every pair is compared with it.
    private static readonly Lazy<Task<GeneratedClient>> Baseline = new(() =>
        GeneratedSurface.GenerateAsync(new ContractYaml(ContractDocument.Text).ToString(), SurfaceSide.Old, CancellationToken.None));

    private static YamlMappingNode Properties(ContractYaml yaml, string schema) => ContractYaml.At(yaml.Schema(schema), "properties");

    private static YamlNode Node(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    private async Task<List<string>> ChangesAfter(Action<ContractYaml> edit)
    {
        var yaml = new ContractYaml(ContractDocument.Text);
        edit(yaml);
        var before = await Baseline.Value;
        var after = await GeneratedSurface.GenerateAsync(yaml.ToString(), SurfaceSide.New, CancellationToken.None);
        Assert.Empty(before.Diagnostics);
        Assert.Empty(after.Diagnostics);
        var lines = SurfaceDiff.Compare(before.Surface!, after.Surface!).Select(change => change.ToString()).ToList();
        output.WriteLine(string.Join('\n', lines));
        return lines;
    }

    [Fact]
    public async Task A_DTO_property_added()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Add(Properties(yaml, "TaskStatusData"), "seed", "type: integer\nformat: int32\ndescription: The seed the model used."));
        Assert.Equal(
            [
                "added Apixo.Generated.TaskStatusData.Seed: public int? Seed { get; set; }",
            ],
            lines);
    }

    [Fact]
    public async Task A_DTO_property_removed()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Remove(Properties(yaml, "TaskStatusData"), "failMsg"));
        Assert.Equal(
            [
                "removed Apixo.Generated.TaskStatusData.FailMsg: public string? FailMsg { get; set; } (breaking)",
            ],
            lines);
    }

    [Fact]
    public async Task A_DTO_propertys_type_changed()
    {
        var lines = await ChangesAfter(yaml =>
        {
            var createTime = ContractYaml.At(Properties(yaml, "TaskStatusData"), "createTime");
            ContractYaml.Set(createTime, "type", "string");
            ContractYaml.Set(createTime, "format", "date-time");
        });
        Assert.Equal(
            [
                "added Apixo.Generated.Serialization.ApixoJsonContext.DateTimeOffset: public System.Text.Json.Serialization.Metadata.JsonTypeInfo<System.DateTimeOffset> DateTimeOffset { get; }",
                "added Apixo.Generated.Serialization.ApixoJsonContext.NullableDateTimeOffset: public System.Text.Json.Serialization.Metadata.JsonTypeInfo<System.DateTimeOffset?> NullableDateTimeOffset { get; }",
                "changed Apixo.Generated.TaskStatusData.CreateTime: public long? CreateTime { get; set; } → public System.DateTimeOffset? CreateTime { get; set; } (breaking)",
            ],
            lines);
    }

    [Fact]
    public async Task An_enum_member_added()
    {
        var lines = await ChangesAfter(yaml =>
        {
            ContractYaml.Sequence(yaml.Schema("AspectRatio"), "enum").Add(new YamlScalarNode("21:9") { Style = YamlDotNet.Core.ScalarStyle.SingleQuoted });
            ContractYaml.Sequence(yaml.Schema("AspectRatio"), "x-enumNames").Add("Ratio21x9");
        });
        Assert.Equal(
            [
                "added Apixo.Generated.AspectRatio.Ratio21x9: Ratio21x9 = 6",
            ],
            lines);
    }

    [Fact]
    public async Task An_enum_member_renamed_in_x_enumNames()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.SetItem(ContractYaml.Sequence(yaml.Schema("AspectRatio"), "x-enumNames"), 4, "Widescreen16x9"));
        Assert.Equal(
            [
                "changed Apixo.Generated.AspectRatio.Ratio16x9: Ratio16x9 = 4 → Widescreen16x9 = 4 (breaking)",
            ],
            lines);
    }

    [Fact]
    public async Task A_fail_codes_name_renamed()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Set(ContractYaml.At(yaml.Schema("FailCode"), "x-apixo-fail-codes", "5"), "name", "TimedOut"));
        Assert.Equal(
            [
                "changed Apixo.Generated.FailCode.Timeout: public static Apixo.Generated.FailCode Timeout { get; } → public static Apixo.Generated.FailCode TimedOut { get; } (breaking)",
            ],
            lines);
    }

    [Fact]
    public async Task An_error_kind_renamed()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Set(ContractYaml.At(yaml.Root, "components", "responses", "BadRequest", "x-apixo-error"), "kind", "InvalidRequest"));
        Assert.Equal(
            [
                "changed Apixo.Generated.ApixoErrorKind.BadRequest: BadRequest = 400 → InvalidRequest = 400 (breaking)",
            ],
            lines);
    }

    [Fact]
    public async Task An_operationId_renamed()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Set(ContractYaml.At(yaml.Root, "paths", "/statusTask/gpt-image-2", "get"), "operationId", "GetTask"));
        Assert.Equal(
            [
                "changed Apixo.Generated.IApixoApi.GetTaskStatusAsync: System.Threading.Tasks.Task<Refit.IApiResponse<Apixo.Generated.TaskStatusResponse>> GetTaskStatusAsync(string taskId, System.Threading.CancellationToken cancellationToken = default) → System.Threading.Tasks.Task<Refit.IApiResponse<Apixo.Generated.TaskStatusResponse>> GetTaskAsync(string taskId, System.Threading.CancellationToken cancellationToken = default) (breaking)",
            ],
            lines);
    }

    [Fact]
    public async Task An_optional_query_parameter_added()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Sequence(ContractYaml.At(yaml.Root, "paths", "/statusTask/gpt-image-2", "get"), "parameters")
            .Add(Node("name: verbose\nin: query\ndescription: Whether to include the request.\nschema:\n  type: boolean")));
        Assert.Equal(
            [
                "changed Apixo.Generated.IApixoApi.GetTaskStatusAsync: System.Threading.Tasks.Task<Refit.IApiResponse<Apixo.Generated.TaskStatusResponse>> GetTaskStatusAsync(string taskId, System.Threading.CancellationToken cancellationToken = default) → System.Threading.Tasks.Task<Refit.IApiResponse<Apixo.Generated.TaskStatusResponse>> GetTaskStatusAsync(string taskId, bool? verbose, System.Threading.CancellationToken cancellationToken = default) (breaking)",
            ],
            lines);
    }

    [Fact]
    public async Task A_new_mode()
    {
        var lines = await ChangesAfter(yaml =>
        {
            var input = yaml.Schema("GenerationInput");
            ContractYaml.Add(ContractYaml.At(input, "discriminator", "mapping"), "inpainting", new YamlScalarNode("#/components/schemas/InpaintingInput"));
            ContractYaml.Sequence(input, "x-apixo-modes").Add(Node("mode: inpainting\nschema: InpaintingInput"));
            ContractYaml.Add(ContractYaml.At(yaml.Root, "components", "schemas"), "InpaintingInput", """
                description: Repaint the masked part of one image, guided by the prompt.
                x-apixo-closed: true
                allOf:
                  - $ref: '#/components/schemas/GenerationInput'
                  - type: object
                    required: [image_url, mask_url]
                    properties:
                      image_url:
                        type: string
                        format: uri
                        description: The image to repaint.
                      mask_url:
                        type: string
                        format: uri
                        description: White where to repaint.
                """);
        });
        Assert.Equal(
            [
                "added Apixo.Generated.GptImage2.Inpainting: public static Apixo.Generated.InpaintingRequestBuilder Inpainting(string prompt, string imageUrl, string maskUrl)",
                "added Apixo.Generated.InpaintingInput: public class Apixo.Generated.InpaintingInput : Apixo.Generated.GenerationInput",
                "added Apixo.Generated.InpaintingRequestBuilder: public sealed class Apixo.Generated.InpaintingRequestBuilder : Apixo.Generated.GptImage2RequestBuilder<Apixo.Generated.InpaintingRequestBuilder>",
                "added Apixo.Generated.Serialization.ApixoJsonContext.InpaintingInput: public System.Text.Json.Serialization.Metadata.JsonTypeInfo<Apixo.Generated.InpaintingInput> InpaintingInput { get; }",
            ],
            lines);
    }

    [Fact]
    public async Task A_new_schema()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Add(ContractYaml.At(yaml.Root, "components", "schemas"), "Watermark", """
            type: object
            description: A mark drawn on the image.
            properties:
              text:
                type: string
            """));
        Assert.Equal(
            [
                "added Apixo.Generated.Serialization.ApixoJsonContext.Watermark: public System.Text.Json.Serialization.Metadata.JsonTypeInfo<Apixo.Generated.Watermark> Watermark { get; }",
                "added Apixo.Generated.Watermark: public class Apixo.Generated.Watermark",
            ],
            lines);
    }

    [Fact]
    public async Task An_identical_inline_schema_replacing_a_ref()
    {
        // GenerateTaskResponse.data: the very mapping of SubmittedTask, written inline.
        var lines = await ChangesAfter(yaml => Properties(yaml, "GenerateTaskResponse").Children[new YamlScalarNode("data")] = yaml.Schema("SubmittedTask"));
        Assert.Equal(
            [
                "added Apixo.Generated.Data: public class Apixo.Generated.Data",
                "changed Apixo.Generated.GenerateTaskResponse.Data: public required Apixo.Generated.SubmittedTask Data { get; set; } → public required Apixo.Generated.Data Data { get; set; } (breaking)",
                "added Apixo.Generated.Serialization.ApixoJsonContext.Data: public System.Text.Json.Serialization.Metadata.JsonTypeInfo<Apixo.Generated.Data> Data { get; }",
            ],
            lines);
    }

    [Fact]
    public async Task Nullable_added_to_an_optional_response_field_changes_nothing()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Add(ContractYaml.At(Properties(yaml, "TaskStatusData"), "failMsg"), "nullable", new YamlScalarNode("true")));
        Assert.Empty(lines);
    }

    [Fact]
    public async Task A_new_operation_adds_an_interface_method_which_Refit_implements()
    {
        var lines = await ChangesAfter(yaml =>
        {
            ContractYaml.Add(ContractYaml.At(yaml.Root, "paths"), "/cancelTask/gpt-image-2", """
                post:
                  operationId: CancelTask
                  tags: [gpt-image-2]
                  summary: Cancel a task that has not started.
                  parameters:
                    - name: taskId
                      in: query
                      required: true
                      schema: { type: string, minLength: 1 }
                  responses:
                    '200':
                      description: The task was cancelled.
                      content:
                        application/json:
                          schema: { $ref: '#/components/schemas/SubmittedTask' }
                """);
        });
        Assert.Equal(
            [
                "added Apixo.Generated.IApixoApi.CancelTaskAsync: System.Threading.Tasks.Task<Refit.IApiResponse<Apixo.Generated.SubmittedTask>> CancelTaskAsync(string taskId, System.Threading.CancellationToken cancellationToken = default)",
            ],
            lines);
    }

    [Fact]
    public async Task A_required_DTO_property_added_is_breaking_for_every_object_initializer()
    {
        var lines = await ChangesAfter(yaml =>
        {
            ContractYaml.Add(Properties(yaml, "SubmittedTask"), "queuedAt", "type: integer\nformat: int64");
            ContractYaml.Sequence(yaml.Schema("SubmittedTask"), "required").Add("queuedAt");
        });
        Assert.Equal(["added Apixo.Generated.SubmittedTask.QueuedAt: public required long QueuedAt { get; set; } (breaking)"], lines);
    }

    [Fact]
    public async Task A_description_edit_changes_a_constants_value_which_breaks_nothing()
    {
        var lines = await ChangesAfter(yaml => ContractYaml.Set(yaml.Schema("AspectRatio"), "description", "Width to height of the image."));
        Assert.Equal(
            ["changed Apixo.Generated.AspectRatioValues.Description: public const string Description = \"Aspect ratio of the output image.\" → public const string Description = \"Width to height of the image.\""],
            lines);
    }
}
