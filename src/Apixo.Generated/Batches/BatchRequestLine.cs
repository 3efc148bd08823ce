using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Apixo.Generated.Serialization;

namespace Apixo.Generated.Batches;

/// <summary>
/// A batch line: one JSON object in the wire vocabulary of the contract, flat as the CLI's options: the mode (its
/// discriminator), each field of the mode by its wire name, the request's callback URL, and an optional <c>id</c> of the
/// caller's own. It becomes a request only through the generated builders (<see cref="GptImage2Modes.TryBuild"/>), so a
/// line that breaks a rule of the contract is refused with its field and rule, before anything is sent.
/// </summary>
internal static class BatchRequestLine
{
    /// <summary>The member that carries the caller's id: ours, not the contract's.</summary>
    public const string IdMember = "id";

    private static readonly Lazy<(string Mode, string Callback)> WireNames = new(ReadWireNames);

    /// <summary>The wire name of the mode (the input's discriminator).</summary>
    public static string ModeMember => WireNames.Value.Mode;

    /// <summary>The wire name of the request's callback URL.</summary>
    public static string CallbackMember => WireNames.Value.Callback;

    /// <summary>Reads one line into a request through the generated builders.</summary>
    /// <param name="line">The line's JSON.</param>
    /// <param name="id">The line's own id, if it has one.</param>
    /// <param name="request">The request, when every rule holds.</param>
    /// <param name="errors">Every broken rule, each with its JSON path (<c>/input/resolution</c>) and rule.</param>
    public static bool TryParse(JsonElement line, out string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GenerateTaskRequest? request, out IReadOnlyList<ApixoValidationError> errors)
    {
        id = null;
        request = null;
        var found = new List<ApixoValidationError>();
        if (line.ValueKind != JsonValueKind.Object)
        {
            errors = [new ApixoValidationError("/", "type", "a JSON object", Kind(line))];
            return false;
        }

        string? mode = null;
        string? callback = null;
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var member in line.EnumerateObject())
        {
            if (member.NameEquals(IdMember))
            {
                id = member.Value.ValueKind switch
                {
                    JsonValueKind.String when !string.IsNullOrWhiteSpace(member.Value.GetString()) => member.Value.GetString(),
                    JsonValueKind.Number => member.Value.GetRawText(),
                    _ => Refuse(found, "/" + IdMember, "type", "a non-blank string or a number", member.Value),
                };
            }
            else if (member.NameEquals(ModeMember))
            {
                mode = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : Refuse(found, "/input/" + ModeMember, "type", "a string", member.Value);
            }
            else if (member.NameEquals(CallbackMember))
            {
                callback = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : Refuse(found, "/" + CallbackMember, "type", "a string", member.Value);
            }
            else if (member.Value.ValueKind == JsonValueKind.Array)
            {
                var items = new List<string>();
                foreach (var item in member.Value.EnumerateArray())
                {
                    if (Scalar(item) is { } text)
                    {
                        items.Add(text);
                    }
                    else
                    {
                        Refuse(found, $"/input/{member.Name}/{items.Count}", "type", "a string, number or boolean", item);
                    }
                }

                values[member.Name] = items;
            }
            else if (Scalar(member.Value) is { } value)
            {
                values[member.Name] = [value];
            }
            else
            {
                Refuse(found, "/input/" + member.Name, "type", "a string, number, boolean or a list of them", member.Value);
            }
        }

        if (found.Count > 0)
        {
            errors = found;
            return false;
        }

        return GptImage2Modes.TryBuild(mode ?? ModeFor(values.Keys), values, callback, out request, out errors);
    }

    /// <summary>A request as a line (without an id): what the journal keeps, so that the journal alone can resume the batch.</summary>
    public static string Write(GenerateTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = JsonSerializer.SerializeToElement(request.Input, ApixoJsonContext.Default.GenerationInput);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in input.EnumerateObject())
            {
                member.WriteTo(writer);
            }

            if (request.CallbackUrl is { } callback)
            {
                writer.WriteString(CallbackMember, callback.OriginalString);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The first mode that takes every field given and has all its required ones; else the first that takes every
    // field given (its builder then names what is missing); else the first mode, as `apixo generate` chooses.
    private static string ModeFor(IEnumerable<string> given)
    {
        var names = given.ToHashSet(StringComparer.Ordinal);
        var fitting = GptImage2Modes.All.Where(mode => names.All(name => mode.Fields.Any(field => field.Wire == name))).ToList();
        return (fitting.FirstOrDefault(mode => mode.Fields.Where(field => field.Required).All(field => names.Contains(field.Wire)))
            ?? fitting.FirstOrDefault()
            ?? GptImage2Modes.All[0]).Wire;
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static string? Refuse(List<ApixoValidationError> found, string path, string rule, string limit, JsonElement value)
    {
        found.Add(new ApixoValidationError(path, rule, limit, Kind(value)));
        return null;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    // Both names are the contract's, read from the serializer's metadata rather than typed here.
    private static (string Mode, string Callback) ReadWireNames()
    {
        var mode = ApixoJsonContext.Default.GenerationInput.PolymorphismOptions?.TypeDiscriminatorPropertyName
            ?? throw new InvalidOperationException("The contract's input has no discriminator.");
        var callback = ApixoJsonContext.Default.GenerateTaskRequest.Properties
            .Single(property => property.AttributeProvider is MemberInfo { Name: nameof(GenerateTaskRequest.CallbackUrl) }).Name;
        return (mode, callback);
    }
}
