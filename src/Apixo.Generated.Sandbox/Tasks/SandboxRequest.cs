using System.Text.Json;
using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Serialization;

namespace Apixo.Generated.Sandbox.Tasks;

/// <summary>
/// What the sandbox needs from a submit body the contract's schema accepted, read from the raw JSON by the
/// generated DTOs' wire names (the DTOs themselves would refuse a value a newer contract allows).
/// </summary>
internal sealed record SandboxRequest(string Prompt, string AspectRatio, string Resolution, string? CallbackUrl)
{
    private static readonly string InputName = WireName.Of<GenerateTaskRequest>(nameof(GenerateTaskRequest.Input));
    private static readonly string RequestTypeName = WireName.Of<GenerateTaskRequest>(nameof(GenerateTaskRequest.RequestType));
    private static readonly string PromptName = WireName.Of<GenerationInput>(nameof(GenerationInput.Prompt));
    private static readonly string AspectRatioName = WireName.Of<GenerationInput>(nameof(GenerationInput.AspectRatio));
    private static readonly string ResolutionName = WireName.Of<GenerationInput>(nameof(GenerationInput.Resolution));
    private static readonly string CallbackType = RequestTypeValues.ToWire(RequestType.Callback);

    /// <summary>Whether the result is posted to <see cref="CallbackUrl"/>.</summary>
    public bool IsCallback => CallbackUrl is not null;

    public static SandboxRequest Read(JsonElement body, SandboxContract contract)
    {
        var input = body.GetProperty(InputName);
        var callback = String(body, RequestTypeName) == CallbackType && contract.CallbackPointer is { } pointer
            ? String(body, pointer.TrimStart('/'))
            : null;
        return new SandboxRequest(
            String(input, PromptName) ?? string.Empty,
            String(input, AspectRatioName) ?? contract.DefaultAspectRatio ?? string.Empty,
            String(input, ResolutionName) ?? contract.DefaultResolution ?? string.Empty,
            callback);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
