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
                global::System.Collections.Generic.IReadOnlyList<string> Schemes);

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
        return field switch
        {
            EnumFieldModel e =>
            [
                $"if (First(values, {wire}) is {{ }} {local})",
                "{",
                $"    if (global::{ns}.{e.Enum.TypeName}Values.TryParse({local}, out var {parsed}))",
                "    {",
                $"        builder.With{field.Property}({parsed});",
                "    }",
                "    else",
                "    {",
                $"        found.Add(new global::{ns}.ApixoValidationError({FileHeader.Literal(field.Path)}, \"enum\", {FileHeader.Literal(e.Enum.AllowedText)}, {local}));",
                "    }",
                "}",
                string.Empty,
            ],
            IntegerFieldModel =>
            [
                $"if (First(values, {wire}) is {{ }} {local})",
                "{",
                $"    if (long.TryParse({local}, global::System.Globalization.NumberStyles.AllowLeadingSign, global::System.Globalization.CultureInfo.InvariantCulture, out var {parsed}))",
                "    {",
                $"        builder.With{field.Property}({parsed});",
                "    }",
                "    else",
                "    {",
                $"        found.Add(new global::{ns}.ApixoValidationError({FileHeader.Literal(field.Path)}, \"type\", \"a whole number\", {local}));",
                "    }",
                "}",
                string.Empty,
            ],
            BooleanFieldModel =>
            [
                $"if (First(values, {wire}) is {{ }} {local})",
                "{",
                $"    if (bool.TryParse({local}, out var {parsed}))",
                "    {",
                $"        builder.With{field.Property}({parsed});",
                "    }",
                "    else",
                "    {",
                $"        found.Add(new global::{ns}.ApixoValidationError({FileHeader.Literal(field.Path)}, \"type\", \"true or false\", {local}));",
                "    }",
                "}",
                string.Empty,
            ],
            UriListFieldModel =>
            [
                $"if (Every(values, {wire}) is {{ Count: > 0 }} {local})",
                "{",
                $"    builder.With{field.Property}({local});",
                "}",
                string.Empty,
            ],
            _ =>
            [
                $"if (First(values, {wire}) is {{ }} {local})",
                "{",
                $"    builder.With{field.Property}({local});",
                "}",
                string.Empty,
            ],
        };
    }

    private static string FieldLiteral(FieldModel field)
    {
        string Int(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";
        string Strings(System.Collections.Generic.IEnumerable<string> items) =>
            items.Any() ? "new string[] { " + string.Join(", ", items.Select(FileHeader.Literal)) + " }" : "global::System.Array.Empty<string>()";
        var (minLength, maxLength) = field is TextFieldModel t ? (t.MinLength, t.MaxLength) : (null, null);
        var (minItems, maxItems) = field is UriListFieldModel l ? (l.MinItems, l.MaxItems) : (null, null);
        var choices = field is EnumFieldModel e ? e.Enum.Members.Select(m => m.Wire) : Enumerable.Empty<string>();
        var defaultWire = field is EnumFieldModel d ? d.Enum.DefaultWire : null;
        var schemes = field switch
        {
            UriFieldModel u => u.Schemes,
            UriListFieldModel list => list.Schemes,
            _ => EquatableArray<string>.Empty,
        };
        var description = field switch
        {
            IntegerFieldModel range when field.Description.Length == 0 => BuilderEmitter.RangeText(range),
            IntegerFieldModel range => field.Description.TrimEnd('.') + " (" + BuilderEmitter.RangeText(range).TrimEnd('.') + ").",
            _ => field.Description,
        };
        return $"new({FileHeader.Literal(field.Json)}, {FileHeader.Literal(description)}, {(field.Required ? "true" : "false")}, {(field is UriListFieldModel ? "true" : "false")}, "
            + $"{Int(minLength)}, {Int(maxLength)}, {Int(minItems)}, {Int(maxItems)}, {Strings(choices)}, {(defaultWire is null ? "null" : FileHeader.Literal(defaultWire))}, {Strings(schemes)})";
    }
}
