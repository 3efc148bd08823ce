using System.Text.Json.Serialization;

namespace Apixo.Generated.Serialization;

/// <summary>
/// Source-generated System.Text.Json metadata for every DTO of the contract. All JSON of the client goes
/// through it: no reflection, and the same options on every path (Refit, webhooks, tests).
/// </summary>
/// <remarks>
/// Null optional fields are omitted on the wire. The discriminator <c>mode</c> may come anywhere in an
/// input object, as other clients may write it after the other fields.
/// The types are not listed here: NSwag's file template lists every type it generates from the contract on
/// the other part of this class (obj/nswag/ApixoApi.g.cs), so a new schema or operation is covered at the next
/// build. A <c>[JsonSerializable]</c> added here would make the source generator emit the context twice (CS8785).
/// <para>
/// Public on purpose, unlike the rest of the plumbing: the DTOs are public, and a user who reads or writes them outside
/// <see cref="ApixoClient"/> (a queue of requests, a webhook on another HTTP stack, a test double of the API) in a
/// trimmed or AOT application, where reflection-based JSON is off, needs this metadata, with the contract's exact enum
/// converters. The sandbox package is such a user.
/// </para>
/// </remarks>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
public sealed partial class ApixoJsonContext : JsonSerializerContext;
