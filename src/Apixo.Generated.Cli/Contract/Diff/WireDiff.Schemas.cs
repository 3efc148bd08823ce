using System.Globalization;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Cli.Contract.Diff.YamlNodes;

namespace Apixo.Generated.Cli.Contract.Diff;

internal sealed partial class WireDiff
{
    private static readonly string[] NarrowedWhenGreater = ["minLength", "minItems", "minimum"];
    private static readonly string[] NarrowedWhenSmaller = ["maxLength", "maxItems", "maximum"];

    /// <summary>Keys some rule (here or in the model diff) reads; any other key that changes is named as one no rule classifies.</summary>
    private static readonly HashSet<string> KnownSchemaKeys = new(StringComparer.Ordinal)
    {
        "type", "format", "$ref", "nullable", "oneOf", "anyOf", "allOf", "additionalProperties", "enum", "default",
        "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "pattern", "properties", "required", "items",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems", "discriminator", "x-enumNames", "x-apixo-pricing", "x-apixo-polling", "x-apixo-fail-codes", "x-apixo-extensible",
        "x-apixo-terminal-states", "x-apixo-success-states", "x-apixo-result-ttl-hours", "x-apixo-modes",
    };

    /// <summary>Which side of the wire a schema is on: sent by the client, read by it, or both.</summary>
    private readonly record struct Side(bool Request, bool Response);

    private void CompareSchemas()
    {
        var oldNames = Pairs(_old.Schemas).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var newNames = Pairs(_new.Schemas).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in oldNames.Union(newNames).Order(StringComparer.Ordinal))
        {
            if (_claimed.Contains(name))
            {
                continue;
            }

            var before = _old.Schema(name);
            var after = _new.Schema(name);
            if (after is null)
            {
                // Every component schema is a public generated type, on whichever side it is.
                Add(ContractFile.IsNamedType(before!) ? ChangeKind.Breaking : ChangeKind.Cosmetic, name, ContractFile.IsNamedType(before!) ? "schema removed: its generated type is gone" : "schema removed (a plain value: it had no generated type)", ChangeLine.Old(_old.SchemaKey(name)!, KeyNode(Child(_new.Root, "components"), "schemas")));
            }
            else if (before is null)
            {
                Add(ContractFile.IsNamedType(after) ? ChangeKind.Additive : ChangeKind.Cosmetic, name, ContractFile.IsNamedType(after) ? "schema added: a new generated type" : "schema added (a plain value: no generated type)", ChangeLine.New(_new.SchemaKey(name)!));
            }
            else
            {
                CompareSchema(name, before, after, _new.SchemaKey(name)!, new(_request.Contains(name), _response.Contains(name)), required: null);
            }
        }
    }

    /// <summary>
    /// A <c>$ref</c> on either side that is not the same: compares what the two resolve to, in one line. Returns false
    /// when neither is a reference (the caller compares the schemas keyword by keyword).
    /// </summary>
    // typeRole: what the generated type is to the caller (a member's type, a method's return type), or null where no
    // type is generated (a callback's body, read by the webhook receiver): then only the JSON counts.
    private bool CompareReference(string where, YamlMappingNode before, YamlMappingNode after, YamlNode anchor, string? typeRole)
    {
        var oldRef = RefName(before);
        var newRef = RefName(after);
        if (oldRef is null && newRef is null)
        {
            return false;
        }

        if (oldRef == newRef)
        {
            return true;
        }

        static string Describe(string? reference) => reference is null ? "an inline schema" : $"`$ref {reference}`";
        var line = KeyNode(after, "$ref") is { } refKey ? ChangeLine.New(refKey) : ChangeLine.New(anchor);
        if (_old.Resolved(before) != _new.Resolved(after))
        {
            Add(ChangeKind.Breaking, where, $"schema {Describe(oldRef)} → {Describe(newRef)}, which reads and writes other JSON", line);
            return true;
        }

        var oldType = typeRole is null ? null : _old.GeneratedTypeName(before);
        var newType = typeRole is null ? null : _new.GeneratedTypeName(after);
        if (typeRole is null)
        {
            Add(ChangeKind.Cosmetic, where, $"{Describe(oldRef)} replaced by {(newRef is null ? "an identical inline schema" : $"the identical {Describe(newRef)}")}: the same JSON (no type is generated from it)", line);
        }
        else if (oldType != newType)
        {
            Add(ChangeKind.Breaking, where, $"{Describe(oldRef)} replaced by {(newRef is null ? "an identical inline schema" : $"the identical {Describe(newRef)}")}: the wire is the same; the breaking part is {typeRole}, {oldType ?? "a plain value"} → {newType ?? "a plain value"}", line);
        }
        else
        {
            Add(ChangeKind.Cosmetic, where, $"{Describe(oldRef)} replaced by the identical {Describe(newRef)}: the wire and the generated type are the same", line);
        }

        return true;
    }

    private void CompareSchema(string where, YamlMappingNode before, YamlMappingNode after, YamlNode anchor, Side side, bool? required)
    {
        if (CompareReference(where, before, after, anchor, "the member's type"))
        {
            return;
        }

        // A wrapper such as failCode's allOf: [$ref FailCode] is a reference too.
        if (References(before).Count + References(after).Count > 0 && !References(before).SetEquals(References(after)))
        {
            Add(ChangeKind.Breaking, where, $"allOf references [{string.Join(", ", References(before).Order(StringComparer.Ordinal))}] → [{string.Join(", ", References(after).Order(StringComparer.Ordinal))}]", LineOf(before, after, "allOf", anchor));
        }

        var (oldType, oldFormat) = (Scalar(Child(before, "type")), Scalar(Child(before, "format")));
        var (newType, newFormat) = (Scalar(Child(after, "type")), Scalar(Child(after, "format")));
        if (oldType != newType || oldFormat != newFormat)
        {
            static string Describe(string? type, string? format) => (type ?? "(no type)") + (format is null ? string.Empty : $" ({format})");
            Add(ChangeKind.Breaking, where, $"type {Describe(oldType, oldFormat)} → {Describe(newType, newFormat)}", LineOf(before, after, oldType != newType ? "type" : "format", anchor));
            // The type decides what every other keyword means: comparing them across types says nothing more.
            return;
        }

        CompareNullable(where, before, after, anchor, side, required);
        foreach (var key in new[] { "oneOf", "anyOf", "additionalProperties" })
        {
            if (_old.Resolved(Child(before, key)) != _new.Resolved(Child(after, key)))
            {
                Add(ChangeKind.Breaking, where, $"`{key}` changed", LineOf(before, after, key, anchor));
            }
        }

        if (Scalar(Child(Child(before, "discriminator"), "propertyName")) != Scalar(Child(Child(after, "discriminator"), "propertyName")))
        {
            Add(ChangeKind.Breaking, where, "the discriminator's property changed", LineOf(before, after, "discriminator", anchor));
        }

        CompareEnum(where, before, after, anchor, side);
        CompareLimits(where, before, after, anchor, side);
        if (Scalar(Child(before, "pattern")) != Scalar(Child(after, "pattern")))
        {
            Add(side.Request ? ChangeKind.Breaking : ChangeKind.Cosmetic, where,
                $"pattern '{Scalar(Child(before, "pattern")) ?? "(none)"}' → '{Scalar(Child(after, "pattern")) ?? "(none)"}'{(side.Request ? string.Empty : " (responses' patterns are not checked)")}",
                LineOf(before, after, "pattern", anchor));
        }

        if (Canonical(Child(before, "default")) != Canonical(Child(after, "default")))
        {
            // A call that leaves the field unset now gets another value from the server (another price, for the priced field).
            Add(side.Request ? ChangeKind.Breaking : ChangeKind.Cosmetic, where,
                $"default {Scalar(Child(before, "default")) ?? "(none)"} → {Scalar(Child(after, "default")) ?? "(none)"}{(side.Request ? ": every call that leaves it unset now gets the new value" : string.Empty)}",
                LineOf(before, after, "default", anchor));
        }

        CompareProperties(where, before, after, anchor, side);
        if (Child(before, "items") is YamlMappingNode oldItems && Child(after, "items") is YamlMappingNode newItems)
        {
            CompareSchema($"{where}[]", oldItems, newItems, KeyNode(after, "items")!, side, required: true);
        }

        foreach (var key in Pairs(before).Select(p => p.Name).Union(Pairs(after).Select(p => p.Name)).Where(k => !KnownSchemaKeys.Contains(k) && !TextKeys.Contains(k)))
        {
            if (Shape(Child(before, key)) != Shape(Child(after, key)))
            {
                Add(ChangeKind.Cosmetic, where, $"`{key}` {(Child(before, key) is null ? "added" : Child(after, key) is null ? "removed" : "changed")} (no rule classifies it: read it by hand)", LineOf(before, after, key, anchor));
            }
        }
    }

    /// <summary>
    /// <c>nullable</c> changes generated code only where the member was not nullable already: NSwag makes every optional
    /// property nullable (generateOptionalPropertiesAsNullable), and a schema without <c>type</c> takes null anyway.
    /// </summary>
    private void CompareNullable(string where, YamlMappingNode before, YamlMappingNode after, YamlNode anchor, Side side, bool? required)
    {
        var was = IsTrue(Child(before, "nullable"));
        var now = IsTrue(Child(after, "nullable"));
        if (was == now)
        {
            return;
        }

        var line = LineOf(before, after, "nullable", anchor);
        var change = now ? "`nullable: true` added" : "`nullable: true` removed";
        if (Child(after, "type") is null && Child(before, "type") is null)
        {
            Add(ChangeKind.Cosmetic, where, $"{change} on a schema with no `type`: OpenAPI 3.0.3 gives it no meaning there (any value, null included, is allowed), and the generated code is the same", line);
        }
        else if (required == false && !side.Request)
        {
            Add(ChangeKind.Cosmetic, where, $"{change} on an optional response field: its generated property is nullable already, the code is the same", line);
        }
        else if (required == false && !side.Response)
        {
            Add(now ? ChangeKind.Additive : ChangeKind.Cosmetic, where, $"{change} on an optional request field: the generated property is nullable already, and an unset field is never sent", line);
        }
        else
        {
            Add(ChangeKind.Breaking, where, $"{change}: the generated member's nullability changes", line);
        }
    }

    private void CompareProperties(string where, YamlMappingNode before, YamlMappingNode after, YamlNode anchor, Side side)
    {
        var oldProperties = Properties(before);
        var newProperties = Properties(after);
        var oldRequired = Required(before);
        var newRequired = Required(after);
        foreach (var name in oldProperties.Keys.Except(newProperties.Keys))
        {
            Add(side.Request || side.Response ? ChangeKind.Breaking : ChangeKind.Cosmetic, $"{where}.{name}", "field removed: its generated property is gone", ChangeLine.Old(oldProperties[name].Key, anchor));
        }

        foreach (var name in newProperties.Keys.Except(oldProperties.Keys))
        {
            var required = newRequired.Contains(name);
            // A required member of a response DTO is a C# `required` member: code that builds the DTO
            // (tests, fakes) stops compiling without it. On either side, a new required field is breaking.
            Add(required ? ChangeKind.Breaking : ChangeKind.Additive, $"{where}.{name}", required ? "required field added" : "optional field added", ChangeLine.New(newProperties[name].Key));
        }

        foreach (var name in oldProperties.Keys.Intersect(newProperties.Keys))
        {
            var key = newProperties[name].Key;
            var wasRequired = oldRequired.Contains(name);
            var isRequired = newRequired.Contains(name);
            if (!wasRequired && isRequired)
            {
                Add(ChangeKind.Breaking, $"{where}.{name}", side.Request ? "field became required" : "field became required (the DTO's member becomes `required`)", RequiredLine(after, key));
            }
            else if (wasRequired && !isRequired)
            {
                Add(side.Response ? ChangeKind.Breaking : ChangeKind.Additive, $"{where}.{name}", side.Response ? "field no longer required: today's client requires it in every response" : "field no longer required", RequiredLine(after, key));
            }

            if (oldProperties[name].Value is YamlMappingNode oldProperty && newProperties[name].Value is YamlMappingNode newProperty)
            {
                CompareSchema($"{where}.{name}", oldProperty, newProperty, key, side, isRequired);
            }
        }
    }

    private static ChangeLine RequiredLine(YamlMappingNode schema, YamlNode fallback)
    {
        var parts = (Child(schema, "allOf") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];
        return parts.Append(schema).Select(p => KeyNode(p, "required")).FirstOrDefault(k => k is not null) is { } key ? ChangeLine.New(key) : ChangeLine.New(fallback);
    }

    private void CompareEnum(string where, YamlMappingNode before, YamlMappingNode after, YamlNode anchor, Side side)
    {
        var old = Values(Child(before, "enum"));
        var current = Values(Child(after, "enum"));
        foreach (var removed in old.Except(current))
        {
            // On the wire a response without the value is still readable, but the generated enum loses
            // its member, so code that names it stops compiling: breaking on either side.
            Add(ChangeKind.Breaking, where, side.Request
                ? $"enum value '{removed}' removed"
                : $"enum value '{removed}' removed (responses still read; the C# member is gone)", LineOf(before, after, "enum", anchor));
        }

        // An open enum (x-apixo-extensible) keeps a value it does not know: a new one is additive. A strict generated
        // enum fails to parse a new value in a response: breaking.
        var extensible = IsTrue(Child(before, "x-apixo-extensible"));
        foreach (var added in current.Except(old))
        {
            Add(side.Response && !extensible ? ChangeKind.Breaking : ChangeKind.Additive, where, extensible && side.Response
                ? $"enum value '{added}' added (an open set: today's client keeps it as an unknown value)"
                : side.Response ? $"enum value '{added}' added: today's client fails to read a response that carries it" : $"enum value '{added}' added", LineOf(before, after, "enum", anchor));
        }
    }

    private void CompareLimits(string where, YamlMappingNode before, YamlMappingNode after, YamlNode anchor, Side side)
    {
        foreach (var key in NarrowedWhenGreater.Concat(NarrowedWhenSmaller))
        {
            var old = Number(Child(before, key));
            var current = Number(Child(after, key));
            if (old == current)
            {
                continue;
            }

            var narrowed = NarrowedWhenGreater.Contains(key)
                ? current > (old ?? decimal.MinValue)
                : current < (old ?? decimal.MaxValue);
            AddLimit(where, key, Text(old), Text(current), narrowed, before, after, anchor, side);
        }

        // OpenAPI 3.0's exclusive bounds are flags on minimum and maximum (3.1's are numbers: a bound of their own, and a
        // higher exclusiveMinimum narrows as a higher minimum does); uniqueItems is a flag. A flag turned on narrows.
        foreach (var key in (string[])["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"])
        {
            var old = Scalar(Child(before, key));
            var current = Scalar(Child(after, key));
            if (old == current)
            {
                continue;
            }

            var narrowed = Number(Child(before, key)) is { } oldBound && Number(Child(after, key)) is { } newBound
                ? (key == "exclusiveMinimum" ? newBound > oldBound : newBound < oldBound)
                : !IsTrue(Child(before, key)) && (IsTrue(Child(after, key)) || Number(Child(after, key)) is not null);
            AddLimit(where, key, old ?? "(none)", current ?? "(none)", narrowed, before, after, anchor, side);
        }

        // multipleOf: a value is accepted when it is a multiple. A new step that is a multiple of the old one accepts fewer
        // values, one that divides it more; any other new step refuses values the old one accepted.
        var oldStep = Number(Child(before, "multipleOf"));
        var newStep = Number(Child(after, "multipleOf"));
        if (oldStep != newStep)
        {
            var wider = newStep is null || (oldStep is { } o && newStep is { } n && n != 0 && o % n == 0);
            AddLimit(where, "multipleOf", Text(oldStep), Text(newStep), narrowed: !wider, before, after, anchor, side);
        }
    }

    private static string Text(decimal? number) => number?.ToString(CultureInfo.InvariantCulture) ?? "(none)";

    private void AddLimit(string where, string key, string old, string current, bool narrowed, YamlMappingNode before, YamlMappingNode after, YamlNode anchor, Side side)
    {
        var kind = side.Request && narrowed ? ChangeKind.Breaking : side.Request ? ChangeKind.Additive : ChangeKind.Cosmetic;
        Add(kind, where, $"{key} {old} → {current}" + (narrowed ? " (narrower)" : " (wider)") + (side.Request ? string.Empty : " (responses' limits are not checked)"), LineOf(before, after, key, anchor));
    }

    /// <summary>A schema's properties, its own and those of the inline parts of its allOf, with their key nodes.</summary>
    private static Dictionary<string, (YamlNode Key, YamlNode Value)> Properties(YamlMappingNode schema)
    {
        var properties = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        var parts = (Child(schema, "allOf") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().Where(p => Child(p, "$ref") is null) ?? [];
        foreach (var part in parts.Append(schema))
        {
            foreach (var (name, key, value) in Pairs(Child(part, "properties")))
            {
                properties[name] = (key, value);
            }
        }

        return properties;
    }

    private static HashSet<string> Required(YamlMappingNode schema)
    {
        var parts = (Child(schema, "allOf") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [];
        return parts.Append(schema).SelectMany(p => Values(Child(p, "required"))).ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> References(YamlMappingNode schema) =>
        ((Child(schema, "allOf") as YamlSequenceNode)?.Children.Select(RefName).OfType<string>() ?? [])
            .ToHashSet(StringComparer.Ordinal);
}
