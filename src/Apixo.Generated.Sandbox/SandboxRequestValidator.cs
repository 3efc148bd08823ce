using System.Text.Json;

namespace Apixo.Generated.Sandbox;

/// <summary>
/// Checks a raw submit body against the contract, on its own: other clients may send anything, so nothing
/// here relies on the client's builders or DTOs. A test compares these limits with the contract's.
/// </summary>
internal static class SandboxRequestValidator
{
    public static readonly string[] RequestTypes = ["async", "callback"];
    public static readonly string[] Modes = ["text-to-image", "image-to-image"];
    public static readonly string[] AspectRatios = ["auto", "1:1", "4:3", "3:4", "16:9", "9:16"];
    public static readonly string[] Resolutions = ["1k", "2k", "4k"];
    public const int PromptMin = 1;
    public const int PromptMax = 20000;
    public const int ImageUrlsMin = 1;
    public const int ImageUrlsMax = 16;

    private static readonly string[] TopLevel = ["request_type", "callback_url", "input"];
    private static readonly string[] InputFields = ["mode", "prompt", "aspect_ratio", "resolution", "image_urls"];

    /// <summary>The accepted request, or the errors, each naming its field.</summary>
    public static (SandboxRequest? Request, List<string> Errors) Validate(JsonElement body, bool allowLoopbackCallbacks)
    {
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, ["the body must be a JSON object"]);
        }

        Unknown(body, TopLevel, string.Empty, errors);
        var requestType = Enum(body, "request_type", RequestTypes, required: true, "request_type", errors);
        var callback = OptionalString(body, "callback_url", "callback_url", errors);
        if (requestType == "callback" && callback is null)
        {
            errors.Add("callback_url is required when request_type is callback");
        }

        // The contract's pattern holds whenever the field is there, whatever the request type.
        if (callback is not null
            && (!Uri.TryCreate(callback, UriKind.Absolute, out var uri)
                || !(callback.StartsWith("https://", StringComparison.Ordinal) || (allowLoopbackCallbacks && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))))
        {
            errors.Add($"callback_url must be an absolute https URL{(allowLoopbackCallbacks ? " (or http on loopback)" : string.Empty)}");
        }

        if (!body.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            errors.Add("input is required and must be an object");
            return (null, errors);
        }

        Unknown(input, InputFields, "input.", errors);
        var mode = Enum(input, "mode", Modes, required: true, "input.mode", errors);
        string? prompt = null;
        if (!input.TryGetProperty("prompt", out var promptElement) || promptElement.ValueKind != JsonValueKind.String)
        {
            errors.Add("input.prompt is required and must be a string");
        }
        else
        {
            prompt = promptElement.GetString()!;
            var length = prompt.EnumerateRunes().Count();
            if (length is < PromptMin or > PromptMax)
            {
                errors.Add($"input.prompt must be {PromptMin} to {PromptMax} characters (was {length})");
            }
        }

        var aspect = Enum(input, "aspect_ratio", AspectRatios, required: false, "input.aspect_ratio", errors) ?? "auto";
        var resolution = Enum(input, "resolution", Resolutions, required: false, "input.resolution", errors) ?? "1k";
        var urls = new List<string>();
        var hasUrls = input.TryGetProperty("image_urls", out var urlsElement);
        if (mode == "text-to-image" && hasUrls)
        {
            errors.Add("input.image_urls is not allowed in mode text-to-image");
        }
        else if (mode == "image-to-image")
        {
            if (!hasUrls || urlsElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add("input.image_urls is required in mode image-to-image and must be an array");
            }
            else
            {
                var count = urlsElement.GetArrayLength();
                if (count is < ImageUrlsMin or > ImageUrlsMax)
                {
                    errors.Add($"input.image_urls must hold {ImageUrlsMin} to {ImageUrlsMax} URLs (was {count})");
                }

                var index = 0;
                foreach (var item in urlsElement.EnumerateArray())
                {
                    var url = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || !(url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal)) || string.IsNullOrEmpty(parsed.Host))
                    {
                        errors.Add($"input.image_urls[{index}] must be an absolute http or https URL");
                    }
                    else
                    {
                        urls.Add(url);
                    }

                    index++;
                }
            }
        }

        return errors.Count > 0 || requestType is null || mode is null || prompt is null
            ? (null, errors)
            : (new SandboxRequest(requestType, callback, mode, prompt, aspect, resolution, urls), errors);
    }

    private static void Unknown(JsonElement element, string[] known, string prefix, List<string> errors)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add($"{prefix}{property.Name} is not a field of the contract");
            }
        }
    }

    private static string? Enum(JsonElement element, string name, string[] allowed, bool required, string path, List<string> errors)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            if (required)
            {
                errors.Add($"{path} is required (one of {string.Join(", ", allowed)})");
            }

            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is null || !allowed.Contains(text, StringComparer.Ordinal))
        {
            errors.Add($"{path} must be one of {string.Join(", ", allowed)} (was {value.GetRawText()})");
            return null;
        }

        return text;
    }

    private static string? OptionalString(JsonElement element, string name, string path, List<string> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{path} must be a string");
            return null;
        }

        return value.GetString();
    }
}

/// <summary>A submit body the sandbox accepted.</summary>
internal sealed record SandboxRequest(string RequestType, string? CallbackUrl, string Mode, string Prompt, string AspectRatio, string Resolution, IReadOnlyList<string> ImageUrls);
