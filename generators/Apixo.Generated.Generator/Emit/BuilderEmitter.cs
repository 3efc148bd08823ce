using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Model;
using Apixo.Generated.Contract.Reading;
using Apixo.Generated.Generator.Model;

namespace Apixo.Generated.Generator.Emit;

/// <summary>Emits the request builders: the shared base, one builder per mode, and the entry points.</summary>
internal static class BuilderEmitter
{
    private const string Errors = "global::System.Collections.Generic.List<global::{0}.ApixoValidationError>";

    public static string EmitEntryPoints(EntryPointUnit unit)
    {
        var w = new CodeWriter();
        w.Line($"namespace {unit.Namespace};");
        w.Line();
        w.Line($"/// <summary>Entry points to the {FileHeader.Doc(unit.ModelTypeName)} request builders, one per mode of the contract.</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public static partial class {unit.ModelTypeName}"))
        {
            var first = true;
            foreach (var mode in unit.Modes)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                var parameters = string.Join(", ", mode.Parameters.Select(p => $"{p.Type} {p.Name}"));
                var arguments = string.Join(", ", mode.Parameters.Select(p => p.Name));
                w.Line($"/// <summary>Starts a request in mode <c>{FileHeader.Doc(mode.Mode)}</c>. {FileHeader.Doc(mode.Summary)}</summary>");
                w.Line($"public static global::{unit.Namespace}.{mode.BuilderName} {Names.Pascal(mode.Mode)}({parameters}) => new({arguments});");
            }
        }

        return w.ToString();
    }

    public static string EmitBase(BaseBuilderUnit unit)
    {
        var ns = unit.Namespace;
        var request = unit.Request;
        var errors = string.Format(CultureInfo.InvariantCulture, Errors, ns);
        var self = $"{unit.ModelTypeName}RequestBuilder<TBuilder>";
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        w.Lines($"""
            /// <summary>
            /// What every {FileHeader.Doc(unit.ModelTypeName)} request builder shares: the request type (async, or callback with its URL)
            /// and the fields of every mode. <see cref="Build"/> checks every rule of the contract and lists every violation.
            /// </summary>
            /// <typeparam name="TBuilder">The concrete builder, returned by every setter.</typeparam>
            """);
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public abstract partial class {self}", $"    where TBuilder : {self}"))
        {
            w.Line($"private static readonly string[] CallbackUrlSchemes = {SchemesLiteral(request.CallbackUrl.Schemes)};");
            w.Line($"private global::{ns}.{request.RequestTypeEnum.TypeName} _requestType = global::{ns}.{request.RequestTypeEnum.TypeName}.{request.AsyncMember};");
            w.Line("private string? _callbackUrl;");
            foreach (var field in unit.SharedFields)
            {
                FieldState(w, ns, field);
            }

            w.Line();
            w.Line("/// <summary>Only the generated mode builders derive from this class.</summary>");
            w.Line($"private protected {unit.ModelTypeName}RequestBuilder()");
            w.Line("{");
            w.Line("}");
            foreach (var field in unit.SharedFields)
            {
                FieldSetters(w, ns, field, "TBuilder", "(TBuilder)this");
            }

            w.Lines($$"""

                /// <summary>Asks for the result by polling (<c>{{request.RequestTypeJson}}</c> async). This is the default.</summary>
                public TBuilder AsAsync()
                {
                    _requestType = global::{{ns}}.{{request.RequestTypeEnum.TypeName}}.{{request.AsyncMember}};
                    _callbackUrl = null;
                    return (TBuilder)this;
                }

                /// <summary>Asks APIXO to POST the result to <paramref name="callbackUrl"/> (<c>{{request.RequestTypeJson}}</c> callback); it must be {{FileHeader.Doc(SchemesText(request.CallbackUrl.Schemes))}}</summary>
                public TBuilder WithCallback(string callbackUrl)
                {
                    _requestType = global::{{ns}}.{{request.RequestTypeEnum.TypeName}}.{{request.CallbackMember}};
                    _callbackUrl = callbackUrl;
                    return (TBuilder)this;
                }

                /// <summary>Asks APIXO to POST the result to <paramref name="callbackUrl"/>.</summary>
                public TBuilder WithCallback(global::System.Uri callbackUrl) => WithCallback(callbackUrl?.OriginalString!);

                /// <summary>Builds the request, or throws one exception that lists every broken rule.</summary>
                /// <exception cref="global::{{ns}}.ApixoValidationException">The request breaks the contract; nothing is sent.</exception>
                public global::{{ns}}.{{request.TypeName}} Build() =>
                    TryBuild(out var request, out var errors) ? request : throw new global::{{ns}}.ApixoValidationException(errors);

                /// <summary>Builds the request, or gives every broken rule, without throwing.</summary>
                public bool TryBuild(
                    [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out global::{{ns}}.{{request.TypeName}}? request,
                    out global::System.Collections.Generic.IReadOnlyList<global::{{ns}}.ApixoValidationError> errors)
                {
                    var found = new {{errors}}();
                    global::{{ns}}.ContractRules.Member(found, {{FileHeader.Literal("/" + request.RequestTypeJson)}}, _requestType, {{FileHeader.Literal(request.RequestTypeEnum.AllowedText)}});
                    global::{{ns}}.ContractRules.Uri(found, {{FileHeader.Literal(request.CallbackUrl.Path)}}, _callbackUrl, required: _requestType == global::{{ns}}.{{request.RequestTypeEnum.TypeName}}.{{request.CallbackMember}}, {{FileHeader.Literal("required when " + request.RequiredWhenText)}}, CallbackUrlSchemes);
                """);
            foreach (var field in unit.SharedFields)
            {
                w.Line("    " + Validation(ns, field));
            }

            w.Lines($$"""
                    ValidateMode(found);
                    if (found.Count > 0)
                    {
                        request = null;
                        errors = found;
                        return false;
                    }

                    request = new global::{{ns}}.{{request.TypeName}}
                    {
                        {{request.RequestTypeProperty}} = _requestType,
                        {{request.CallbackUrl.Property}} = _callbackUrl is null ? null : new global::System.Uri(_callbackUrl, global::System.UriKind.Absolute),
                        {{request.InputProperty}} = CreateInput(),
                    };
                    errors = global::System.Array.Empty<global::{{ns}}.ApixoValidationError>();
                    return true;
                }
                """);
            foreach (var field in unit.SharedFields)
            {
                w.Line();
                w.Line($"/// <summary>The <c>{field.Json}</c> set so far, for the mode builder's input.</summary>");
                w.Line($"private protected {StateType(ns, field)} {field.Property}Value => _{Names.Camel(field.Property).TrimStart('@')};");
            }

            w.Lines($$"""

                /// <summary>Checks the fields only this mode has.</summary>
                private protected abstract void ValidateMode({{errors}} found);

                /// <summary>Creates the mode's input from fields that passed every check.</summary>
                private protected abstract global::{{ns}}.{{unit.InputBaseTypeName}} CreateInput();

                /// <summary>Turns checked URL strings into the DTO's URIs.</summary>
                private protected static global::System.Collections.Generic.IList<global::System.Uri> ToUris(global::System.Collections.Generic.IEnumerable<string?> urls) =>
                    global::System.Linq.Enumerable.ToList(global::System.Linq.Enumerable.Select(urls, url => new global::System.Uri(url!, global::System.UriKind.Absolute)));
                """);
        }

        return w.ToString();
    }

    public static string EmitMode(ModeBuilderUnit unit)
    {
        var ns = unit.Namespace;
        var mode = unit.Mode;
        var errors = string.Format(CultureInfo.InvariantCulture, Errors, ns);
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// Builds a request in mode <c>{FileHeader.Doc(mode.Mode)}</c>. {FileHeader.Doc(mode.Summary)}");
        w.Line("/// </summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public sealed partial class {mode.BuilderName} : global::{ns}.{unit.ModelTypeName}RequestBuilder<global::{ns}.{mode.BuilderName}>"))
        {
            foreach (var field in mode.Fields)
            {
                FieldState(w, ns, field);
            }

            if (mode.Fields.Count > 0)
            {
                w.Line();
            }

            w.Line($"/// <summary>Starts a request in mode <c>{FileHeader.Doc(mode.Mode)}</c> with its required fields.</summary>");
            using (w.Block($"public {mode.BuilderName}({string.Join(", ", unit.Parameters.Select(p => $"{p.Type} {p.Name}"))})"))
            {
                foreach (var parameter in unit.Parameters)
                {
                    w.Line($"{parameter.Setter}({parameter.Name});");
                }
            }

            foreach (var field in mode.Fields)
            {
                FieldSetters(w, ns, field, $"global::{ns}.{mode.BuilderName}", "this");
            }

            w.Line();
            w.Line("/// <inheritdoc />");
            using (w.Block($"private protected override void ValidateMode({errors} found)"))
            {
                foreach (var field in mode.Fields)
                {
                    w.Line(Validation(ns, field));
                }
            }

            var assignments = unit.SharedProperties.Concat(mode.Fields.Select(field => Assignment(field, "_" + Names.Camel(field.Property).TrimStart('@')))).ToList();
            w.Line();
            w.Line("/// <inheritdoc />");
            w.Line($"private protected override global::{ns}.{mode.InputTypeName} CreateInput() => new global::{ns}.{mode.InputTypeName}");
            w.Line("{");
            foreach (var assignment in assignments)
            {
                w.Line("    " + assignment + ",");
            }

            w.Line("};");
        }

        return w.ToString();
    }

    /// <summary>How a mode's input takes a field from the builder's state, e.g. <c>Prompt = PromptValue!</c>.</summary>
    public static string Assignment(FieldModel field, string value) => field switch
    {
        TextFieldModel { MustBeSet: true } => $"{field.Property} = {value}!",
        UriFieldModel { MustBeSet: true } => $"{field.Property} = new global::System.Uri({value}!, global::System.UriKind.Absolute)",
        UriFieldModel => $"{field.Property} = {value} is null ? null : new global::System.Uri({value}, global::System.UriKind.Absolute)",
        UriListFieldModel { MustBeSet: true } => $"{field.Property} = ToUris({value})",
        UriListFieldModel => $"{field.Property} = {value}.Count == 0 ? null : ToUris({value})",
        ListFieldModel { MustBeSet: true } list => $"{field.Property} = {ListCopy(list, value)}",
        ListFieldModel list => $"{field.Property} = {value}.Count == 0 ? null : {ListCopy(list, value)}",
        EnumFieldModel { MustBeSet: true } => $"{field.Property} = {value}!.Value",
        IntegerFieldModel { MustBeSet: true } i => $"{field.Property} = ({i.ClrType}){value}!.Value",
        IntegerFieldModel i => $"{field.Property} = ({i.ClrType}?){value}",
        NumberFieldModel { MustBeSet: true } => $"{field.Property} = {value}!.Value",
        BooleanFieldModel { MustBeSet: true } => $"{field.Property} = {value}!.Value",
        _ => $"{field.Property} = {value}",
    };

    /// <summary>The constructor parameter for a required field, e.g. <c>string prompt</c> calling <c>WithPrompt</c>.</summary>
    public static ParameterModel? Parameter(FieldModel field) => field switch
    {
        { MustBeSet: false } => null,
        UriListFieldModel => new ParameterModel(Names.Camel(field.Property), "global::System.Collections.Generic.IEnumerable<string>", "With" + field.Property),
        TextFieldModel or UriFieldModel => new ParameterModel(Names.Camel(field.Property), "string", "With" + field.Property),
        _ => null,
    };

    private static void FieldState(CodeWriter w, string ns, FieldModel field)
    {
        var name = "_" + Names.Camel(field.Property).TrimStart('@');
        switch (field)
        {
            case UriListFieldModel:
                w.Line($"private static readonly string[] {field.Property}Schemes = {SchemesLiteral(((UriListFieldModel)field).Schemes)};");
                w.Line($"private readonly global::System.Collections.Generic.List<string?> {name} = new();");
                break;
            case ListFieldModel list:
                if (list.Item is TextFieldModel { Pattern: not null } itemText)
                {
                    PatternField(w, ns, Names.Singular(field.Property) + "Pattern", itemText);
                }

                w.Line($"private readonly global::System.Collections.Generic.List<{ItemStateType(ns, list.Item)}> {name} = new();");
                break;
            case UriFieldModel uri:
                w.Line($"private static readonly string[] {field.Property}Schemes = {SchemesLiteral(uri.Schemes)};");
                w.Line($"private string? {name};");
                break;
            // A required field the contract gives a default starts at it; an optional one stays unset, and unsent,
            // until the caller sets it: the server applies the contract's default.
            case EnumFieldModel { Required: true, Enum.DefaultMember: { } defaultMember } enumField:
                w.Line($"private global::{ns}.{enumField.Enum.TypeName}? {name} = global::{ns}.{enumField.Enum.TypeName}.{defaultMember};");
                break;
            case EnumFieldModel enumField:
                w.Line($"private global::{ns}.{enumField.Enum.TypeName}? {name};");
                break;
            case IntegerFieldModel:
                w.Line($"private long? {name};");
                break;
            case NumberFieldModel number:
                w.Line($"private {number.ClrType}? {name};");
                break;
            case BooleanFieldModel:
                w.Line($"private bool? {name};");
                break;
            case TextFieldModel { Pattern: not null } text:
                PatternField(w, ns, field.Property + "Pattern", text);
                w.Line($"private string? {name};");
                break;
            default:
                w.Line($"private string? {name};");
                break;
        }
    }

    // The contract's pattern, for messages, and its .NET form with the same meaning, which the rule runs.
    private static void PatternField(CodeWriter w, string ns, string name, TextFieldModel text) =>
        w.Line($"private static readonly global::{ns}.ContractPattern {name} = new({FileHeader.Literal(text.Pattern!)}, {FileHeader.Literal(text.DotNetPattern!)});");

    private static string StateType(string ns, FieldModel field) => field switch
    {
        UriListFieldModel => "global::System.Collections.Generic.IReadOnlyList<string?>",
        ListFieldModel list => $"global::System.Collections.Generic.IReadOnlyList<{ItemStateType(ns, list.Item)}>",
        EnumFieldModel e => $"global::{ns}.{e.Enum.TypeName}?",
        IntegerFieldModel => "long?",
        NumberFieldModel n => n.ClrType + "?",
        BooleanFieldModel => "bool?",
        _ => "string?",
    };

    /// <summary>What a builder holds for one item of a list: what its setter takes (text may hold a null, reported as missing).</summary>
    private static string ItemStateType(string ns, FieldModel item) => item switch
    {
        EnumFieldModel e => $"global::{ns}.{e.Enum.TypeName}",
        IntegerFieldModel => "long",
        NumberFieldModel n => n.ClrType,
        BooleanFieldModel => "bool",
        _ => "string?",
    };

    private static string ItemParameterType(string ns, FieldModel item) => item is TextFieldModel ? "string" : ItemStateType(ns, item);

    // A checked list copied into the DTO's list type: text without its nullability, int32 items narrowed (in range, as checked).
    private static string ListCopy(ListFieldModel list, string value)
    {
        var convert = list.Item switch
        {
            TextFieldModel => "item!",
            IntegerFieldModel { ClrType: "int" } => "(int)item",
            _ => null,
        };
        return convert is null
            ? $"global::System.Linq.Enumerable.ToList({value})"
            : $"global::System.Linq.Enumerable.ToList(global::System.Linq.Enumerable.Select({value}, item => {convert}))";
    }

    private static void FieldSetters(CodeWriter w, string ns, FieldModel field, string returnType, string self)
    {
        var name = "_" + Names.Camel(field.Property).TrimStart('@');
        var parameter = Names.Camel(field.Property);
        w.Line();
        switch (field)
        {
            case TextFieldModel text:
                Setter(w, $"Sets <c>{field.Json}</c>: {FileHeader.Doc(LengthText(text))}{DefaultDoc(field)}", returnType, field.Property, "string", parameter, name, self);
                break;
            case EnumFieldModel enumField:
                var defaultText = (enumField.Required, enumField.Enum.DefaultMember) switch
                {
                    (true, { } d) => $" (default <see cref=\"global::{ns}.{enumField.Enum.TypeName}.{d}\"/>)",
                    (false, { } d) => $"; not sent unless set: the server then applies its default, <see cref=\"global::{ns}.{enumField.Enum.TypeName}.{d}\"/>",
                    (false, null) => "; not sent unless set",
                    _ => string.Empty,
                };
                Setter(w, $"Sets <c>{field.Json}</c>{defaultText}.", returnType, field.Property, $"global::{ns}.{enumField.Enum.TypeName}", parameter, name, self);
                break;
            case UriFieldModel uri:
                Setter(w, $"Sets <c>{field.Json}</c>: {FileHeader.Doc(SchemesText(uri.Schemes))}{DefaultDoc(field)}", returnType, field.Property, "string", parameter, name, self);
                break;
            case IntegerFieldModel integer:
                Setter(w, $"Sets <c>{field.Json}</c>: {FileHeader.Doc(RangeText(integer).TrimEnd('.'))}{UnsetDoc(field)}.", returnType, field.Property, "long", parameter, name, self);
                break;
            case NumberFieldModel number:
                Setter(w, $"Sets <c>{field.Json}</c>: {FileHeader.Doc(RangeText(number).TrimEnd('.'))}{UnsetDoc(field)}.", returnType, field.Property, number.ClrType, parameter, name, self);
                break;
            case BooleanFieldModel:
                Setter(w, $"Sets <c>{field.Json}</c>{(field.Required ? "." : UnsetDoc(field) + ".")}", returnType, field.Property, "bool", parameter, name, self);
                break;
            case UriListFieldModel list:
                var item = Names.Singular(field.Property);
                var itemParameter = Names.Camel(item);
                w.Lines($$"""
                    /// <summary>Adds one URL to <c>{{field.Json}}</c>: {{FileHeader.Doc(SchemesText(list.Schemes) + " " + CountText(list.MinItems, list.MaxItems, "URLs") + (list.UniqueItems ? " No URL twice." : string.Empty))}}</summary>
                    public {{returnType}} Add{{item}}(string {{itemParameter}})
                    {
                        {{name}}.Add({{itemParameter}});
                        return {{self}};
                    }

                    /// <summary>Adds one URL to <c>{{field.Json}}</c>.</summary>
                    public {{returnType}} Add{{item}}(global::System.Uri {{itemParameter}}) => Add{{item}}({{itemParameter}}?.OriginalString!);

                    /// <summary>Replaces <c>{{field.Json}}</c> with <paramref name="{{parameter}}"/>.</summary>
                    public {{returnType}} With{{field.Property}}(global::System.Collections.Generic.IEnumerable<string> {{parameter}})
                    {
                        {{name}}.Clear();
                        if ({{parameter}} is not null)
                        {
                            {{name}}.AddRange({{parameter}});
                        }

                        return {{self}};
                    }
                    """);
                break;
            case ListFieldModel list:
                var one = Names.Singular(field.Property);
                var oneParameter = Names.Camel(one);
                var itemType = ItemParameterType(ns, list.Item);
                var rules = string.Join(" ", new[] { ItemText(ns, list.Item), CountText(list.MinItems, list.MaxItems, "items"), list.UniqueItems ? "No item twice." : string.Empty }.Where(part => part.Length > 0));
                w.Lines($$"""
                    /// <summary>Adds one item to <c>{{field.Json}}</c>{{(rules.Length == 0 ? string.Empty : ": " + rules.TrimEnd('.'))}}{{UnsetDoc(field)}}.</summary>
                    public {{returnType}} Add{{one}}({{itemType}} {{oneParameter}})
                    {
                        {{name}}.Add({{oneParameter}});
                        return {{self}};
                    }

                    /// <summary>Replaces <c>{{field.Json}}</c> with <paramref name="{{parameter}}"/>.</summary>
                    public {{returnType}} With{{field.Property}}(global::System.Collections.Generic.IEnumerable<{{itemType}}> {{parameter}})
                    {
                        {{name}}.Clear();
                        if ({{parameter}} is not null)
                        {
                            {{name}}.AddRange({{parameter}});
                        }

                        return {{self}};
                    }
                    """);
                break;
        }
    }

    // "; not sent unless set" for an optional field, with the default the server then applies when the contract gives one.
    private static string UnsetDoc(FieldModel field) => field switch
    {
        { MustBeSet: true } => string.Empty,
        { Required: true } => "; not set, it is sent as null",
        { Default: { } value } => $"; not sent unless set: the server then applies its default, <c>{FileHeader.Doc(value)}</c>",
        _ => "; not sent unless set",
    };

    // For text and URLs, whose summaries end in a sentence: the default as a sentence of its own.
    private static string DefaultDoc(FieldModel field) =>
        field is { Default: { } value, Required: false } ? $" Not sent unless set: the server then applies its default, <c>{FileHeader.Doc(value)}</c>." : string.Empty;

    private static void Setter(CodeWriter w, string summary, string returnType, string property, string type, string parameter, string field, string self)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public {returnType} With{property}({type} {parameter})");
        w.Line("{");
        w.Line($"    {field} = {parameter};");
        w.Line($"    return {self};");
        w.Line("}");
    }

    private static string Validation(string ns, FieldModel field)
    {
        var name = "_" + Names.Camel(field.Property).TrimStart('@');
        var required = field.MustBeSet ? "true" : "false";
        return field switch
        {
            UriListFieldModel list => $"global::{ns}.ContractRules.UriList(found, {FileHeader.Literal(field.Path)}, {name}, required: {required}, minItems: {Int(list.MinItems)}, maxItems: {Int(list.MaxItems)}, {field.Property}Schemes{(list.UniqueItems ? ", uniqueItems: true" : string.Empty)});",
            ListFieldModel list => $"global::{ns}.ContractRules.List(found, {FileHeader.Literal(field.Path)}, {name}, required: {required}, minItems: {Int(list.MinItems)}, maxItems: {Int(list.MaxItems)}, uniqueItems: {Bool(list.UniqueItems)}, {ItemRule(ns, list)});",
            _ => Rule(ns, field, "found", FileHeader.Literal(field.Path), name, required, field.Property + "Pattern"),
        };
    }

    // The rule of one value, as a statement's expression: a field's own check, or a list item's (at its own path).
    private static string Rule(string ns, FieldModel field, string errors, string path, string value, string required, string patternName) => field switch
    {
        TextFieldModel text => $"global::{ns}.ContractRules.Text({errors}, {path}, {value}, required: {required}, minLength: {Int(text.MinLength)}, maxLength: {Int(text.MaxLength)}{(text.Pattern is null ? string.Empty : ", pattern: " + patternName)});",
        EnumFieldModel e => $"global::{ns}.ContractRules.OptionalMember({errors}, {path}, {value}, required: {required}, {FileHeader.Literal(e.Enum.AllowedText)});",
        UriFieldModel => $"global::{ns}.ContractRules.Uri({errors}, {path}, {value}, required: {required}, \"required\", {field.Property}Schemes);",
        IntegerFieldModel i => $"global::{ns}.ContractRules.Integer({errors}, {path}, {value}, required: {required}, minimum: {Long(i.Minimum)}, maximum: {Long(i.Maximum)}, exclusiveMinimum: {Bool(i.ExclusiveMinimum)}, exclusiveMaximum: {Bool(i.ExclusiveMaximum)}, multipleOf: {Long(i.MultipleOf)}, typeMinimum: {i.ClrType}.MinValue, typeMaximum: {i.ClrType}.MaxValue);",
        NumberFieldModel n => $"global::{ns}.ContractRules.Number({errors}, {path}, {value}, required: {required}, minimum: {Decimal(n.Minimum)}, maximum: {Decimal(n.Maximum)}, exclusiveMinimum: {Bool(n.ExclusiveMinimum)}, exclusiveMaximum: {Bool(n.ExclusiveMaximum)}, multipleOf: {Decimal(n.MultipleOf)});",
        BooleanFieldModel => $"global::{ns}.ContractRules.Present({errors}, {path}, {value}.HasValue, required: {required}, \"true or false\");",
        _ => string.Empty,
    };

    // Each item is checked by its kind's rule at its own path; a boolean item has no rule beyond its type.
    private static string ItemRule(string ns, ListFieldModel list)
    {
        var rule = list.Item switch
        {
            BooleanFieldModel => null,
            EnumFieldModel e => $"global::{ns}.ContractRules.Member(errors, itemPath, item, {FileHeader.Literal(e.Enum.AllowedText)})",
            _ => Rule(ns, list.Item, "errors", "itemPath", "item", "true", Names.Singular(list.Property) + "Pattern").TrimEnd(';'),
        };
        return rule is null ? "item: null" : "static (errors, itemPath, item) => " + rule;
    }

    private static string Int(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    private static string Long(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) + "L" : "null";

    private static string Decimal(decimal? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) + "m" : "null";

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>An integer's bounds in words, e.g. "1 to 4", "more than 0", "any whole number".</summary>
    internal static string RangeText(IntegerFieldModel i) =>
        RangeText("a whole number", Text(i.Minimum), Text(i.Maximum), i.ExclusiveMinimum, i.ExclusiveMaximum, Text(i.MultipleOf));

    /// <summary>A number's bounds in words, e.g. "a number at least 0 and at most 20".</summary>
    internal static string RangeText(NumberFieldModel n) =>
        RangeText("a number", Text(n.Minimum), Text(n.Maximum), n.ExclusiveMinimum, n.ExclusiveMaximum, Text(n.MultipleOf));

    private static string RangeText(string what, string? minimum, string? maximum, bool exclusiveMinimum, bool exclusiveMaximum, string? multipleOf)
    {
        var low = minimum is { } min ? (exclusiveMinimum ? "more than " : "at least ") + min : null;
        var high = maximum is { } max ? (exclusiveMaximum ? "less than " : "at most ") + max : null;
        var range = (low, high) switch
        {
            (null, null) => what,
            ({ } l, null) => what + " " + l,
            (null, { } h) => what + " " + h,
            ({ } l, { } h) => what + " " + l + " and " + h,
        };
        return range + (multipleOf is { } step ? ", a multiple of " + step : string.Empty) + ".";
    }

    private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    // An item's own rules in words, for the Add setter's summary.
    private static string ItemText(string ns, FieldModel item) => item switch
    {
        TextFieldModel { MinLength: null, MaxLength: null, Pattern: null } => string.Empty,
        TextFieldModel { MinLength: null, MaxLength: null, Pattern: { } pattern } => "each matching " + FileHeader.Doc(pattern) + ".",
        TextFieldModel text => "each " + LengthText(text).TrimEnd('.') + (text.Pattern is null ? "." : ", matching " + FileHeader.Doc(text.Pattern) + "."),
        IntegerFieldModel i => "each " + FileHeader.Doc(RangeText(i)),
        NumberFieldModel n => "each " + FileHeader.Doc(RangeText(n)),
        EnumFieldModel e => $"each a value of <see cref=\"global::{ns}.{e.Enum.TypeName}\"/>.",
        _ => string.Empty,
    };

    private static string SchemesLiteral(IEnumerable<string> schemes) =>
        "{ " + string.Join(", ", schemes.Select(FileHeader.Literal)) + " }";

    private static string SchemesText(EquatableArray<string> schemes) =>
        schemes.Count == 0 ? "an absolute URL." : "an absolute " + string.Join(" or ", schemes) + " URL.";

    private static string LengthText(TextFieldModel text) => (text.MinLength, text.MaxLength) switch
    {
        ({ } min, { } max) => $"{min} to {max} characters.",
        ({ } min, null) => $"at least {min} characters.",
        (null, { } max) => $"at most {max} characters.",
        _ => "any text.",
    };

    private static string CountText(int? minItems, int? maxItems, string what) => (minItems, maxItems) switch
    {
        ({ } min, { } max) => $"{min} to {max} {what} in all.",
        ({ } min, null) => $"at least {min} {what} in all.",
        (null, { } max) => $"at most {max} {what} in all.",
        _ => string.Empty,
    };
}
