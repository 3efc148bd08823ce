using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Model;
using Apixo.Generated.Generator.Model;

namespace Apixo.Generated.Generator.Emit;

/// <summary>
/// Emits the modes and their fields as data (wire name, description, limits, choices, default) and a builder
/// that takes text values by wire name, so that a tool (the CLI) offers every mode and field of the contract
/// and still builds every request through the generated builders.
/// </summary>
internal static class ModesEmitter
{
    public static string Emit(ModesUnit unit)
    {
        var ns = unit.Namespace;
        var model = unit.ModelTypeName;
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        w.Lines($$"""
            /// <summary>One field of a {{FileHeader.Doc(model)}} request mode, as the contract describes it.</summary>
            /// <param name="Wire">Its JSON name.</param>
            /// <param name="Description">The contract's description.</param>
            /// <param name="Required">Whether a request of the mode must carry it.</param>
            /// <param name="Repeated">Whether it is a list (each value one item).</param>
            /// <param name="MinLength">The fewest characters (code points), for text.</param>
            /// <param name="MaxLength">The most characters (code points), for text.</param>
            /// <param name="MinItems">The fewest items, for a list.</param>
            /// <param name="MaxItems">The most items, for a list.</param>
            /// <param name="Choices">The wire values allowed, for an enum; empty otherwise.</param>
            /// <param name="Default">The value the server applies when the field is not sent, if the contract gives one.</param>
            /// <param name="Schemes">The URL schemes allowed, for a URL or a list of them.</param>
            /// <param name="Kind">What one value is (each item, for a list): text, uri, integer, number, boolean or enum.</param>
            /// <param name="Nullable">Whether the contract allows null (never sent for a field left out).</param>
            /// <param name="UniqueItems">Whether a list may not repeat an item.</param>
            /// <param name="CommaSeparated">Whether a list's text values may also be given as one value, separated by commas (items that cannot hold one).</param>
            /// <param name="Minimum">The lowest value, for a number or an integer (each item, for a list).</param>
            /// <param name="Maximum">The highest value, for a number or an integer (each item, for a list).</param>
            /// <param name="ExclusiveMinimum">Whether <paramref name="Minimum"/> itself is refused.</param>
            /// <param name="ExclusiveMaximum">Whether <paramref name="Maximum"/> itself is refused.</param>
            /// <param name="MultipleOf">The step a number or an integer must be a multiple of.</param>
            /// <param name="Pattern">The ECMAScript regular expression text must match, for text.</param>
            {{FileHeader.GeneratedCode}}
            public sealed record {{model}}Field(
                string Wire,
                string Description,
                bool Required,
                bool Repeated,
                int? MinLength,
                int? MaxLength,
                int? MinItems,
                int? MaxItems,
                global::System.Collections.Generic.IReadOnlyList<string> Choices,
                string? Default,
                global::System.Collections.Generic.IReadOnlyList<string> Schemes,
                string Kind = "text",
                bool Nullable = false,
                bool UniqueItems = false,
                bool CommaSeparated = false,
                decimal? Minimum = null,
                decimal? Maximum = null,
                bool ExclusiveMinimum = false,
                bool ExclusiveMaximum = false,
                decimal? MultipleOf = null,
                string? Pattern = null);

            /// <summary>One mode of a {{FileHeader.Doc(model)}} request: its discriminator value and every field it takes.</summary>
            {{FileHeader.GeneratedCode}}
            public sealed record {{model}}Mode(string Wire, string Summary, global::System.Collections.Generic.IReadOnlyList<global::{{ns}}.{{model}}Field> Fields);

            """);
        w.Line($"/// <summary>Every mode of the contract with its fields, and a builder from text values: what a tool needs to offer all of them.</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public static partial class {model}Modes"))
        {
            w.Line("/// <summary>The modes, in the contract's order; each lists the shared fields first.</summary>");
            w.Line($"public static global::System.Collections.Generic.IReadOnlyList<global::{ns}.{model}Mode> All {{ get; }} = new global::{ns}.{model}Mode[]");
            w.Line("{");
            foreach (var mode in unit.Modes)
            {
                w.Line($"    new({FileHeader.Literal(mode.Mode)}, {FileHeader.Literal(mode.Summary)}, new global::{ns}.{model}Field[]");
                w.Line("    {");
                foreach (var field in unit.SharedFields.Concat(mode.Fields))
                {
                    w.Line("        " + FieldLiteral(field) + ",");
                }

                w.Line("    }),");
            }

            w.Line("};");
            w.Line();
            w.Line($"/// <summary>The mode of <paramref name=\"input\"/>, by its type; null for a type the contract does not name.</summary>");
            w.Line($"public static global::{ns}.{model}Mode? Of(global::{ns}.{unit.InputBaseTypeName}? input) => input switch");
            w.Line("{");
            foreach (var (mode, index) in unit.Modes.Select((mode, index) => (mode, index)))
            {
                w.Line($"    global::{ns}.{mode.InputTypeName} => All[{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}],");
            }

            w.Line("    _ => null,");
            w.Line("};");
            w.Line();
            w.Lines($$"""
                /// <summary>
                /// Builds a request of mode <paramref name="mode"/> from text values by wire name (a list takes every value,
                /// any other field its first), through the generated builders: every rule of the contract is checked, and a
                /// value that is no choice of its enum is an error that names the field. A field not given is not sent.
                /// </summary>
                public static bool TryBuild(
                    string mode,
                    global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<string>> values,
                    string? callbackUrl,
                    [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out global::{{ns}}.{{unit.Request.TypeName}}? request,
                    out global::System.Collections.Generic.IReadOnlyList<global::{{ns}}.ApixoValidationError> errors)
                {
                    global::System.ArgumentNullException.ThrowIfNull(values);
                    var found = new global::System.Collections.Generic.List<global::{{ns}}.ApixoValidationError>();
                    switch (mode)
                    {
                """);
            foreach (var mode in unit.Modes)
            {
                var fields = unit.SharedFields.Concat(mode.Fields).ToList();
                var arguments = string.Join(", ", fields.Where(f => BuilderEmitter.Parameter(f) is not null).Select(Argument));
                w.Line($"        case {FileHeader.Literal(mode.Mode)}:");
                w.Line("        {");
                w.Line($"            NotInMode(values, found, {FileHeader.Literal("/" + unit.Request.InputJson + "/")}, {FileHeader.Literal(mode.Mode)}, {string.Join(", ", fields.Select(f => FileHeader.Literal(f.Json)))});");
                w.Line($"            var builder = new global::{ns}.{mode.BuilderName}({arguments});");
                foreach (var field in fields.Where(f => BuilderEmitter.Parameter(f) is null))
                {
                    foreach (var line in Setter(ns, field))
                    {
                        if (line.Length == 0)
                        {
                            w.Line();
                        }
                        else
                        {
                            w.Line("            " + line);
                        }
                    }
                }

                w.Line("            if (callbackUrl is not null)");
                w.Line("            {");
                w.Line("                builder.WithCallback(callbackUrl);");
                w.Line("            }");
                w.Line();
                w.Line("            return Finish(builder.TryBuild(out request, out var checkedErrors), checkedErrors, found, ref request, out errors);");
                w.Line("        }");
                w.Line();
            }

            w.Lines($$"""
                        default:
                            found.Add(new global::{{ns}}.ApixoValidationError({{FileHeader.Literal("/" + unit.Request.InputJson + "/mode")}}, "enum", {{FileHeader.Literal(string.Join(", ", unit.Modes.Select(m => m.Mode)))}}, mode ?? "nothing"));
                            request = null;
                            errors = found;
                            return false;
                    }
                }

                private static bool Finish(
                    bool built,
                    global::System.Collections.Generic.IReadOnlyList<global::{{ns}}.ApixoValidationError> checkedErrors,
                    global::System.Collections.Generic.List<global::{{ns}}.ApixoValidationError> found,
                    ref global::{{ns}}.{{unit.Request.TypeName}}? request,
                    out global::System.Collections.Generic.IReadOnlyList<global::{{ns}}.ApixoValidationError> errors)
                {
                    found.AddRange(checkedErrors);
                    errors = found;
                    if (!built || found.Count > 0)
                    {
                        request = null;
                        return false;
                    }

                    return true;
                }

                // A value for a field the mode does not take is an error, never silently dropped: the request would be
                // billed without it.
                private static void NotInMode(
                    global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<string>> values,
                    global::System.Collections.Generic.List<global::{{ns}}.ApixoValidationError> found,
                    string prefix,
                    string mode,
                    params string[] taken)
                {
                    foreach (var wire in values.Keys)
                    {
                        if (global::System.Array.IndexOf(taken, wire) < 0)
                        {
                            found.Add(new global::{{ns}}.ApixoValidationError(prefix + wire, "mode", "the fields of mode " + mode + ": " + string.Join(", ", taken), "a value"));
                        }
                    }
                }

                private static string? First(global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<string>> values, string wire) =>
                    values.TryGetValue(wire, out var given) && given.Count > 0 ? given[0] : null;

                private static global::System.Collections.Generic.IReadOnlyList<string> Every(global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<string>> values, string wire) =>
                    values.TryGetValue(wire, out var given) ? given : global::System.Array.Empty<string>();
                """);
            if (unit.SharedFields.Concat(unit.Modes.SelectMany(mode => mode.Fields)).Any(CommaSeparated))
            {
                w.Lines("""

                    // "1,2, 3" is three values; an empty piece ("1,,2") is kept, and fails to parse where it stands.
                    private static global::System.Collections.Generic.IReadOnlyList<string> SplitCommas(global::System.Collections.Generic.IReadOnlyList<string> given)
                    {
                        var pieces = new global::System.Collections.Generic.List<string>();
                        foreach (var value in given)
                        {
                            foreach (var piece in value.Split(','))
                            {
                                pieces.Add(piece.Trim());
                            }
                        }

                        return pieces;
                    }
                    """);
            }
        }

        return w.ToString();
    }

    private static string Argument(FieldModel field) => field switch
    {
        UriListFieldModel => $"Every(values, {FileHeader.Literal(field.Json)})",
        _ => $"First(values, {FileHeader.Literal(field.Json)})!",
    };

    private static string[] Setter(string ns, FieldModel field)
    {
        var wire = FileHeader.Literal(field.Json);
        var local = "given" + field.Property;
        var parsed = "parsed" + field.Property;
        switch (field)
        {
            case UriListFieldModel:
            case ListFieldModel { Item: TextFieldModel }:
                return
                [
                    $"if (Every(values, {wire}) is {{ Count: > 0 }} {local})",
                    "{",
                    $"    builder.With{field.Property}({local});",
                    "}",
                    string.Empty,
                ];

            // Each text value is one item, or (for items that cannot hold a comma) several separated by commas; one that
            // does not parse is an error at its item's path, and the rest still reach the builder's checks.
            case ListFieldModel list:
                var (itemParse, itemRule, itemAllowed) = Parse(ns, list.Item, "text", "item");
                return
                [
                    $"if (Every(values, {wire}) is {{ Count: > 0 }} {local})",
                    "{",
                    $"    var {parsed} = new global::System.Collections.Generic.List<{ItemType(ns, list.Item)}>();",
                    $"    var texts{field.Property} = {(CommaSeparated(list) ? $"SplitCommas({local})" : local)};",
                    $"    for (var index = 0; index < texts{field.Property}.Count; index++)",
                    "    {",
                    $"        var text = texts{field.Property}[index];",
                    $"        if ({itemParse})",
                    "        {",
                    $"            {parsed}.Add(item);",
                    "        }",
                    "        else",
                    "        {",
                    $"            found.Add(new global::{ns}.ApixoValidationError({FileHeader.Literal(field.Path + "/")} + index.ToString(global::System.Globalization.CultureInfo.InvariantCulture), {FileHeader.Literal(itemRule)}, {FileHeader.Literal(itemAllowed)}, text));",
                    "        }",
                    "    }",
                    string.Empty,
                    "    // Only a list read whole reaches the builder, so that its errors' item paths are the values' own.",
                    $"    if ({parsed}.Count == texts{field.Property}.Count)",
                    "    {",
                    $"        builder.With{field.Property}({parsed});",
                    "    }",
                    "}",
                    string.Empty,
                ];

            case TextFieldModel or UriFieldModel:
                return
                [
                    $"if (First(values, {wire}) is {{ }} {local})",
                    "{",
                    $"    builder.With{field.Property}({local});",
                    "}",
                    string.Empty,
                ];

            default:
                var (parse, rule, allowed) = Parse(ns, field, local, parsed);
                return
                [
                    $"if (First(values, {wire}) is {{ }} {local})",
                    "{",
                    $"    if ({parse})",
                    "    {",
                    $"        builder.With{field.Property}({parsed});",
                    "    }",
                    "    else",
                    "    {",
                    $"        found.Add(new global::{ns}.ApixoValidationError({FileHeader.Literal(field.Path)}, {FileHeader.Literal(rule)}, {FileHeader.Literal(allowed)}, {local}));",
                    "    }",
                    "}",
                    string.Empty,
                ];
        }
    }

    /// <summary>How text becomes one value of <paramref name="field"/>'s kind: the test that parses it, and the rule and limit an error names.</summary>
    private static (string Parse, string Rule, string Allowed) Parse(string ns, FieldModel field, string text, string value) => field switch
    {
        EnumFieldModel e => ($"global::{ns}.{e.Enum.TypeName}Values.TryParse({text}, out var {value})", "enum", e.Enum.AllowedText),
        IntegerFieldModel => ($"long.TryParse({text}, global::System.Globalization.NumberStyles.AllowLeadingSign, global::System.Globalization.CultureInfo.InvariantCulture, out var {value})", "type", "a whole number"),
        NumberFieldModel n => ($"{n.ClrType}.TryParse({text}, global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var {value})", "type", "a number"),
        BooleanFieldModel => ($"bool.TryParse({text}, out var {value})", "type", "true or false"),
        _ => throw new System.ArgumentOutOfRangeException(nameof(field), field.GetType().Name, "No text parser for this kind."),
    };

    private static string ItemType(string ns, FieldModel item) => item switch
    {
        EnumFieldModel e => $"global::{ns}.{e.Enum.TypeName}",
        IntegerFieldModel => "long",
        NumberFieldModel n => n.ClrType,
        BooleanFieldModel => "bool",
        _ => "string",
    };

    // Numbers, booleans and enum values that hold no comma can be given as "a,b,c"; text and URLs may hold commas.
    private static bool CommaSeparated(FieldModel field) => field is ListFieldModel list && list.Item switch
    {
        IntegerFieldModel or NumberFieldModel or BooleanFieldModel => true,
        EnumFieldModel e => e.Enum.Members.All(member => member.Wire.IndexOf(',') < 0),
        _ => false,
    };

    private static string Kind(FieldModel field) => field switch
    {
        ListFieldModel list => Kind(list.Item),
        UriListFieldModel or UriFieldModel => "uri",
        IntegerFieldModel => "integer",
        NumberFieldModel => "number",
        BooleanFieldModel => "boolean",
        EnumFieldModel => "enum",
        _ => "text",
    };

    private static string FieldLiteral(FieldModel field)
    {
        string Int(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";
        string Strings(System.Collections.Generic.IEnumerable<string> items) =>
            items.Any() ? "new string[] { " + string.Join(", ", items.Select(FileHeader.Literal)) + " }" : "global::System.Array.Empty<string>()";
        var value = field is ListFieldModel list ? list.Item : field;
        var (minLength, maxLength) = value is TextFieldModel t ? (t.MinLength, t.MaxLength) : (null, null);
        var (minItems, maxItems, uniqueItems) = field switch
        {
            UriListFieldModel l => (l.MinItems, l.MaxItems, l.UniqueItems),
            ListFieldModel l => (l.MinItems, l.MaxItems, l.UniqueItems),
            _ => ((int?)null, (int?)null, false),
        };
        var choices = value is EnumFieldModel e ? e.Enum.Members.Select(m => m.Wire) : Enumerable.Empty<string>();
        var schemes = field switch
        {
            UriFieldModel u => u.Schemes,
            UriListFieldModel l => l.Schemes,
            _ => EquatableArray<string>.Empty,
        };
        var description = value switch
        {
            IntegerFieldModel range => WithRange(field.Description, BuilderEmitter.RangeText(range)),
            NumberFieldModel range => WithRange(field.Description, BuilderEmitter.RangeText(range)),
            _ => field.Description,
        };

        // The first eleven are positional (every field has them); the rest are named, and written only when they say something.
        var named = new System.Collections.Generic.List<string> { "Kind: " + FileHeader.Literal(Kind(field)) };
        void Add(bool when, string argument)
        {
            if (when)
            {
                named.Add(argument);
            }
        }

        Add(field.Nullable, "Nullable: true");
        Add(uniqueItems, "UniqueItems: true");
        Add(CommaSeparated(field), "CommaSeparated: true");
        var (minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf) = value switch
        {
            IntegerFieldModel i => (Decimal(i.Minimum), Decimal(i.Maximum), i.ExclusiveMinimum, i.ExclusiveMaximum, Decimal(i.MultipleOf)),
            NumberFieldModel n => (Decimal(n.Minimum), Decimal(n.Maximum), n.ExclusiveMinimum, n.ExclusiveMaximum, Decimal(n.MultipleOf)),
            _ => (null, null, false, false, null),
        };
        Add(minimum is not null, "Minimum: " + minimum);
        Add(maximum is not null, "Maximum: " + maximum);
        Add(exclusiveMinimum, "ExclusiveMinimum: true");
        Add(exclusiveMaximum, "ExclusiveMaximum: true");
        Add(multipleOf is not null, "MultipleOf: " + multipleOf);
        Add(value is TextFieldModel { Pattern: not null }, "Pattern: " + FileHeader.Literal((value as TextFieldModel)?.Pattern ?? string.Empty));

        return $"new({FileHeader.Literal(field.Json)}, {FileHeader.Literal(description)}, {(field.Required ? "true" : "false")}, {(field is UriListFieldModel or ListFieldModel ? "true" : "false")}, "
            + $"{Int(minLength)}, {Int(maxLength)}, {Int(minItems)}, {Int(maxItems)}, {Strings(choices)}, {(field.Default is null ? "null" : FileHeader.Literal(field.Default))}, {Strings(schemes)}, "
            + string.Join(", ", named) + ")";
    }

    private static string WithRange(string description, string range) =>
        description.Length == 0 ? range : description.TrimEnd('.') + " (" + range.TrimEnd('.') + ").";

    private static string? Decimal(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) + "m" : null;

    private static string? Decimal(decimal? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) + "m" : null;
}
