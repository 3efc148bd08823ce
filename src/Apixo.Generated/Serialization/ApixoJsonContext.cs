using System.Text.Json.Serialization;

namespace Apixo.Generated.Serialization;

/// <summary>
/// Source-generated System.Text.Json metadata for every DTO of the contract. All JSON of the client goes
/// through it: no reflection, and the same options on every path (Refit, webhooks, tests).
/// </summary>
/// <remarks>
/// Null optional fields are omitted on the wire. The discriminator <c>mode</c> may come anywhere in an
/// input object, as other clients may write it after the other fields.
/// A test checks that every schema of the contract is listed here.
/// </remarks>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(GenerateTaskRequest))]
[JsonSerializable(typeof(GenerateTaskResponse))]
[JsonSerializable(typeof(TaskStatusResponse))]
[JsonSerializable(typeof(TaskStatusData))]
[JsonSerializable(typeof(TaskResult))]
[JsonSerializable(typeof(BalanceResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(string))]
public sealed partial class ApixoJsonContext : JsonSerializerContext;
