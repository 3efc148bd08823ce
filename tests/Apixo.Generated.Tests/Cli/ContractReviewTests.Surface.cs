using static Apixo.Generated.Generator.Tests.TestSupport.ContractYaml;

namespace Apixo.Generated.Tests.Cli;

/// <summary>
/// <c>apixo contract diff</c>'s generated-surface lines, through the command: one pair per kind of change to the C#
/// public surface (a type or member added, removed, changed or renamed, a constant's value, a required member, an
/// interface method), each asserting every surface line (kind, symbol, what, file and line), the verdict and the exit
/// code. The wire and model lines of the same pairs are <see cref="Pairs"/>'s business; here they only count in the verdict.
/// </summary>
public sealed partial class ContractReviewTests
{
    private const string Dto = "C# Apixo.Generated.";

    /// <summary>One contract pair per kind of generated-surface change, by name.</summary>
    internal static readonly Dictionary<string, Pair> SurfacePairs = new(StringComparer.Ordinal)
    {
        ["surface: a DTO member added (optional response field)"] = new(
            yaml => Add(At(yaml.Schema("TaskStatusData"), "properties"), "progress", "{ type: integer }"),
            "minor",
            [Additive(Dto + "TaskStatusData.Progress", "added: public int? Progress { get; set; }", SchemaKey("TaskStatusData", "properties", "progress"))]),
        ["surface: a required DTO member added (required response field)"] = new(
            yaml =>
            {
                Add(At(yaml.Schema("BalanceResponse"), "properties"), "currency", "{ type: string }");
                Sequence(yaml.Schema("BalanceResponse"), "required").Children.Add(Parse("currency"));
            },
            "major",
            [Breaking(Dto + "BalanceResponse.Currency", "added: public required string Currency { get; set; }", SchemaKey("BalanceResponse", "properties", "currency"))]),
        ["surface: a DTO member removed"] = new(
            yaml => Remove(At(yaml.Schema("TaskStatusData"), "properties"), "failMsg"),
            "major",
            [Gone(Breaking(Dto + "TaskStatusData.FailMsg", "removed: public string? FailMsg { get; set; }", SchemaKey("TaskStatusData", "properties", "failMsg")))]),
        ["surface: a DTO member named like a schema (placed on the property, not the schema)"] = new(
            yaml => Remove(At(yaml.Schema("TaskStatusData"), "properties"), "failCode"),
            "major",
            [
                Gone(Breaking(Dto + "TaskStatusData.FailCode", "removed: public Apixo.Generated.FailCode? FailCode { get; set; }", SchemaKey("TaskStatusData", "properties", "failCode"))),
                // No DTO holds a FailCode any more, so the JSON context has no metadata for it (nor for FailCode?).
                Gone(Breaking(Dto + "Serialization.ApixoJsonContext.FailCode", "removed: public System.Text.Json.Serialization.Metadata.JsonTypeInfo<Apixo.Generated.FailCode> FailCode { get; }", SchemaKey("FailCode"))),
                Gone(Breaking(Dto + "Serialization.ApixoJsonContext.NullableFailCode", "removed: public System.Text.Json.Serialization.Metadata.JsonTypeInfo<Apixo.Generated.FailCode?> NullableFailCode { get; }", SchemaKey("FailCode"))),
            ]),
        ["surface: a DTO member's type changed"] = new(
            yaml => Set(At(yaml.Schema("TaskStatusData"), "properties", "failMsg"), "type", "integer"),
            "major",
            [Breaking(Dto + "TaskStatusData.FailMsg", "changed: public string? FailMsg { get; set; } → public int? FailMsg { get; set; }", SchemaKey("TaskStatusData", "properties", "failMsg"))]),
        ["surface: an enum member renamed (x-enumNames)"] = new(
            yaml => SetItem(Sequence(yaml.Schema("AspectRatio"), "x-enumNames"), 0, "Square"),
            "major",
            [Breaking(Dto + "AspectRatio.Auto", "changed: Auto = 0 → Square = 0", SchemaKey("AspectRatio", "x-enumNames"))]),
        ["surface: a method renamed (operationId)"] = new(
            yaml => Set(yaml.Operation(Status, "get"), "operationId", "FetchTaskStatus"),
            "major",
            [Gone(Breaking(Dto + "IApixoApi.GetTaskStatusAsync", "FetchTaskStatusAsync(string taskId", "paths", Status, "get", "operationId"))]),
        ["surface: a method's parameter added (optional query parameter)"] = new(
            yaml => Sequence(yaml.Operation(Status, "get"), "parameters").Children.Add(Parse("{ name: verbose, in: query, schema: { type: boolean } }")),
            "major",
            [Breaking(Dto + "IApixoApi.GetTaskStatusAsync", "GetTaskStatusAsync(string taskId, bool? verbose, System.Threading.CancellationToken", "paths", Status, "get", "operationId")]),
        ["surface: an interface method and a type added (an operation)"] = new(
            yaml =>
            {
                Add(At(yaml.Root, "components", "schemas"), "UsageResponse", "{ type: object, properties: { images: { type: integer } } }");
                Add(At(yaml.Root, "paths"), "/apikeys/usage", "{ get: { operationId: GetUsage, responses: { '200': { description: Usage., content: { application/json: { schema: { $ref: '#/components/schemas/UsageResponse' } } } } } } }");
            },
            "minor",
            [
                Additive(Dto + "IApixoApi.GetUsageAsync", "added: System.Threading.Tasks.Task<Refit.IApiResponse<Apixo.Generated.UsageResponse>> GetUsageAsync(", "paths", "/apikeys/usage", "get", "operationId"),
                Additive(Dto + "UsageResponse", "added: public class Apixo.Generated.UsageResponse", SchemaKey("UsageResponse")),
                Additive(Dto + "Serialization.ApixoJsonContext.UsageResponse", "added: public System.Text.Json.Serialization.Metadata.JsonTypeInfo<Apixo.Generated.UsageResponse> UsageResponse { get; }", SchemaKey("UsageResponse")),
            ]),
        ["surface: an operation with no response body (Refit's non-generic IApiResponse)"] = new(
            yaml => Add(At(yaml.Root, "paths"), "/apikeys/usage", "{ get: { operationId: GetUsage, responses: { '204': { description: Nothing. } } } }"),
            "minor",
            [Additive(Dto + "IApixoApi.GetUsageAsync", "added: System.Threading.Tasks.Task<Refit.IApiResponse> GetUsageAsync(System.Threading.CancellationToken cancellationToken = default)", "paths", "/apikeys/usage", "get", "operationId")]),
        ["surface: a type removed ($ref swapped for an inline schema NSwag names itself)"] = new(
            yaml => At(yaml.Schema("TaskStatusData"), "properties").Children[new YamlDotNet.RepresentationModel.YamlScalarNode("state")] = Parse("{ type: string, enum: [pending, processing, success, failed], x-apixo-extensible: true }"),
            "major",
            [
                Breaking(Dto + "TaskStatusData.State", "changed: public required Apixo.Generated.TaskState State { get; set; } → public required Apixo.Generated.TaskStatusDataState State { get; set; }", SchemaKey("TaskStatusData", "properties", "state")),
                Additive(Dto + "TaskStatusDataState", "added: public readonly struct Apixo.Generated.TaskStatusDataState : System.IEquatable<Apixo.Generated.TaskStatusDataState>", SchemaKey("TaskStatusData", "properties", "state")),
                Additive(Dto + "TaskStatusDataStateJsonConverter", "added: public sealed class Apixo.Generated.TaskStatusDataStateJsonConverter", SchemaKey("TaskStatusData", "properties", "state")),
                Additive(Dto + "Serialization.ApixoJsonContext.TaskStatusDataState", "added: ", SchemaKey("TaskStatusData", "properties", "state")),
            ]),
        ["surface: a constant's value (a schema's description), which breaks nothing"] = new(
            yaml => Set(yaml.Schema("AspectRatio"), "description", "The output image's aspect ratio."),
            "patch",
            [Cosmetic(Dto + "AspectRatioValues.Description", "constant's value changed (code built against the old package keeps the old one): public const string Description = \"Aspect ratio of the output image.\" → ", SchemaKey("AspectRatio"))]),
        ["surface: nothing (a price, a table value)"] = new(
            yaml => Set(At(yaml.Schema("Resolution"), "x-apixo-pricing", "prices"), "2k", "0.035"),
            "minor",
            []),
        ["surface: nothing (nullable added to an optional response field)"] = new(
            yaml => Add(At(yaml.Schema("TaskStatusData"), "properties", "failMsg"), "nullable", "true"),
            "patch",
            []),
    };

    public static TheoryData<string> SurfaceRules() => new(SurfacePairs.Keys);

    [Theory]
    [MemberData(nameof(SurfaceRules))]
    public Task Diff_names_every_generated_surface_change(string rule) => AssertPair(rule, SurfacePairs[rule], surfaceLines: true);
}
