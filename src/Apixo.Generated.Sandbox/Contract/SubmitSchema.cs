using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Apixo.Generated.Sandbox.Contract;

/// <summary>
/// The submit body's JSON Schema, checked by JsonSchema.Net: every rule of the contract, none typed here.
/// Other clients may send anything, so nothing relies on the client's builders or DTOs.
/// </summary>
internal sealed class SubmitSchema
{
    // A valid body (the usual case) is settled by the flag output, which stops at the first failure and
    // collects no annotations; only a body that fails is evaluated again for the list of what it breaks.
    // JsonSchema.Net 8 resolves every reference when the schema is built, into the build options' registry (one
    // per schema, below), and only reads its evaluation options, so one instance of each serves every check.
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonSchema _schema;
    private readonly JsonElement _document;

    public SubmitSchema(JsonObject document)
    {
        // Its own id: two sandboxes on two contracts never resolve each other's definitions. First in the
        // document: JsonSchema.Net 8 gives the subschemas it builds before it meets `$id` a generated base URI,
        // and then refuses to register the second of them under that URI ("Overwriting registered schemas").
        document.Remove("$id");
        document.Insert(0, "$id", $"urn:apixo-sandbox:{Guid.NewGuid():N}");
        Text = document.ToJsonString();
        _document = JsonDocument.Parse(Text).RootElement.Clone();
        _schema = Build(document);
    }

    /// <summary>The JSON Schema document, for readers and tests.</summary>
    public string Text { get; }

    // Built with draft 2020-12's keywords but lengths in code points (CodePointLength): a `$schema` in the built
    // document would select the library's own 2020-12 dialect, so it is left out there (the text keeps it). A
    // registry of its own: the global one is a plain dictionary, and sandboxes start in parallel.
    private static JsonSchema Build(JsonObject document)
    {
        if (document["$schema"]?.GetValue<string>() != MetaSchemas.Draft202012Id.OriginalString)
        {
            throw new InvalidOperationException($"The submit schema must be draft 2020-12 ({MetaSchemas.Draft202012Id}), the dialect the sandbox checks it with.");
        }

        var built = (JsonObject)document.DeepClone();
        built.Remove("$schema");
        return JsonSchema.FromText(built.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = CodePointLength.Draft202012 });
    }

    /// <summary>Every rule <paramref name="body"/> breaks; empty when it is valid.</summary>
    public IReadOnlyList<SchemaViolation> Check(JsonElement body)
    {
        // JSON lets a string escape a lone surrogate ("\ud800"), which no keyword can read as text: the library
        // throws, and the body is refused for it instead (the builders' wellFormed rule), not answered with a 500.
        try
        {
            return Evaluate(body);
        }
        catch (InvalidOperationException) when (Malformed(body, string.Empty).ToList() is { Count: > 0 } malformed)
        {
            return malformed;
        }
    }

    private List<SchemaViolation> Evaluate(JsonElement body)
    {
        if (_schema.Evaluate(body, Quick).IsValid)
        {
            return [];
        }

        var results = _schema.Evaluate(body, Evaluation);
        var violations = new List<SchemaViolation>();
        foreach (var unit in Flatten(results))
        {
            // An `if` that does not hold is no error: it only selects a branch.
            if (unit.Errors is not { Count: > 0 } errors || unit.EvaluationPath.ToString().Split('/').Contains("if"))
            {
                continue;
            }

            var location = unit.InstanceLocation.ToString();
            foreach (var (keyword, message) in errors)
            {
                if (keyword == "required")
                {
                    violations.AddRange(Missing(unit, body, location));
                }
                else if (keyword is not ("allOf" or "$ref" or "then" or "unevaluatedProperties" or "additionalProperties"))
                {
                    violations.Add(new SchemaViolation(location, string.IsNullOrEmpty(keyword) ? "closed" : keyword, message));
                }
            }
        }

        // A field that broke a rule is not also "unknown" because its branch failed.
        return violations
            .Where(v => v.Rule != "closed" || !violations.Any(o => o.Rule != "closed" && (o.Pointer == v.Pointer || o.Pointer.StartsWith(v.Pointer + "/", StringComparison.Ordinal))))
            .Distinct()
            .ToList();
    }

    // Every string, and every field name, that cannot be read as UTF-16 text.
    private static IEnumerable<SchemaViolation> Malformed(JsonElement value, string pointer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when !Readable(() => value.GetString()):
                yield return new SchemaViolation(pointer, "wellFormed", "is not well-formed UTF-16 text (a lone surrogate)");
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    foreach (var violation in Malformed(item, $"{pointer}/{index++}"))
                    {
                        yield return violation;
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (!Readable(() => property.Name))
                    {
                        yield return new SchemaViolation(pointer, "wellFormed", "has a field name that is not well-formed UTF-16 text (a lone surrogate)");
                        continue;
                    }

                    foreach (var violation in Malformed(property.Value, pointer + "/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)))
                    {
                        yield return violation;
                    }
                }

                break;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        yield return results;
        foreach (var detail in results.Details ?? [])
        {
            foreach (var nested in Flatten(detail))
            {
                yield return nested;
            }
        }
    }

    // "required" names its fields in prose only: read them from the schema it came from.
    private IEnumerable<SchemaViolation> Missing(EvaluationResults unit, JsonElement body, string location)
    {
        // The evaluation path, with each $ref followed, leads to the subschema from the document's root (the
        // schema location's fragment is relative to the resource it is in); a trailing segment past the
        // subschema (`.../then/0`) is walked back.
        var fragment = unit.EvaluationPath.ToString();
        var schema = Follow(_document, fragment);
        while (schema is not { ValueKind: JsonValueKind.Object } && fragment.Contains('/', StringComparison.Ordinal))
        {
            fragment = fragment[..fragment.LastIndexOf('/')];
            schema = Follow(_document, fragment);
        }

        // The location is the subschema, or (for a conditional) the one holding its `then`.
        var required = schema is { ValueKind: JsonValueKind.Object } s
            ? s.TryGetProperty("required", out var list) ? list
            : s.TryGetProperty("then", out var then) && then.TryGetProperty("required", out var conditional) ? conditional
            : (JsonElement?)null
            : schema;
        var instance = Resolve(body, location);
        if (required is not { ValueKind: JsonValueKind.Array } || instance is not { ValueKind: JsonValueKind.Object } o)
        {
            yield return new SchemaViolation(location, "required", $"a required field is missing ({unit.SchemaLocation})");
            yield break;
        }

        foreach (var name in required.Value.EnumerateArray().Select(r => r.GetString()!).Where(n => !o.TryGetProperty(n, out _)))
        {
            yield return new SchemaViolation(location + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal), "required", "is required");
        }
    }

    // Walks an evaluation path through the schema document, jumping at each "$ref" to the local definition it names.
    private static JsonElement? Follow(JsonElement root, string path)
    {
        JsonElement? current = root;
        foreach (var raw in path.Split('/').Skip(1))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current is not { } here)
            {
                return null;
            }

            if (token == "$ref" && here.ValueKind == JsonValueKind.Object && here.TryGetProperty("$ref", out var reference)
                && reference.GetString() is { } target && target.StartsWith('#'))
            {
                current = Resolve(root, target[1..]);
            }
            else
            {
                current = Resolve(here, "/" + raw);
            }
        }

        return current;
    }

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }
}

/// <summary>One broken rule: the field as a JSON pointer into the body, the JSON Schema keyword, and what it says.</summary>
internal sealed record SchemaViolation(string Pointer, string Rule, string Message)
{
    /// <summary>The field as a reader writes it: <c>input.image_urls[0]</c>.</summary>
    public string Field
    {
        get
        {
            if (Pointer.Length == 0)
            {
                return "the body";
            }

            var text = new System.Text.StringBuilder();
            foreach (var token in Pointer.Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
            {
                text.Append(int.TryParse(token, out _) ? $"[{token}]" : (text.Length > 0 ? "." : string.Empty) + token);
            }

            return text.ToString();
        }
    }

    public override string ToString() => Rule switch
    {
        "required" when Message == "is required" => $"{Field} ({Pointer}) is required",
        "required" => $"{Field} ({Pointer}): {Message}",
        "closed" => $"{Field} ({Pointer}) is not a field of the contract",
        _ => $"{Field} ({Pointer}) breaks {Rule}: {Message}",
    };
}
