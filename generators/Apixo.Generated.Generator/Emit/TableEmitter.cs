using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Model;
using Apixo.Generated.Contract.Reading;
using Apixo.Generated.Generator.Model;

namespace Apixo.Generated.Generator.Emit;

/// <summary>Emits the contract's tables: fail codes, HTTP errors, prices and the polling schedule.</summary>
internal static class TableEmitter
{
    public static string EmitFailCodes(FailCodesUnit unit)
    {
        var ns = unit.Namespace;
        var codes = unit.FailCodes.Codes;
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        EnumWithUnknown(
            w,
            "FailRetryClass",
            "Whether, and after what, a failed task can be tried again (x-apixo-retry-classes).",
            "A code the contract does not document: read failMsg before retrying.",
            unit.FailCodes.RetryClasses.Select((retryClass, index) => (retryClass.Name, index + 1, $"<c>{FileHeader.Doc(retryClass.Key)}</c>: {FileHeader.Doc(retryClass.Description)}")));

        w.Line();
        w.Line("/// <summary>The failure codes the contract documents (x-apixo-fail-codes), with their meaning, advice and retry class.</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block("public readonly partial struct FailCode"))
        {
            foreach (var code in codes)
            {
                w.Line($"/// <summary><c>{FileHeader.Doc(code.Code)}</c>: {FileHeader.Doc(code.Meaning)}</summary>");
                w.Line($"public static global::{ns}.FailCode {code.Name} {{ get; }} = new({FileHeader.Literal(code.Code)});");
                w.Line();
            }

            w.Line("/// <summary>Every code the contract documents.</summary>");
            w.Line($"public static global::System.Collections.Generic.IReadOnlyList<global::{ns}.FailCode> Known {{ get; }} = new global::{ns}.FailCode[] {{ {string.Join(", ", codes.Select(code => code.Name))} }};");
            w.Line();
            w.Line("/// <summary>Whether the contract documents this code, or names it as an alias of a documented one.</summary>");
            Switch(w, "bool", "IsKnown", codes.Select(code => (code, "true")), "false");
            w.Line();
            w.Line("/// <summary>What the code means; for an unknown code, a sentence that says so.</summary>");
            Switch(w, "string", "Meaning", codes.Select(code => (code, FileHeader.Literal(code.Meaning))), FileHeader.Literal("A failure code this client does not know."));
            w.Line();
            w.Line("/// <summary>What to do about it.</summary>");
            Switch(w, "string", "Advice", codes.Select(code => (code, FileHeader.Literal(code.Advice))), FileHeader.Literal("Read the failure message; retry only if it says the failure was temporary."));
            w.Line();
            w.Line("/// <summary>The documented code this code stands for: itself, or the code it is an alias of.</summary>");
            Switch(w, $"global::{ns}.FailCode", "Canonical", codes.Where(code => code.Aliases.Count > 0).Select(code => (code, code.Name)), "this");
            w.Line();
            w.Line("/// <summary>Whether, and after what, the task can be tried again.</summary>");
            Switch(w, $"global::{ns}.FailRetryClass", "RetryClass", codes.Select(code => (code, $"global::{ns}.FailRetryClass.{code.RetryClassName}")), $"global::{ns}.FailRetryClass.Unknown");
        }

        return w.ToString();
    }

    public static string EmitEnumTable(EnumTableUnit unit)
    {
        var ns = unit.Namespace;
        var e = unit.Enum;
        var type = $"global::{ns}.{e.TypeName}";
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        w.Line($"/// <summary>The values of <see cref=\"{type}\"/> as the contract gives them: members, wire values{(e.DefaultMember is null ? string.Empty : ", default")}. {FileHeader.Doc(e.Description)}</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public static partial class {e.TypeName}Values"))
        {
            w.Line($"/// <summary>The contract's description of <c>{e.TypeName}</c>.</summary>");
            w.Line($"public const string Description = {FileHeader.Literal(e.Description)};");
            w.Line();
            w.Line("/// <summary>Every member, in the contract's order.</summary>");
            w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{type}> All {{ get; }} = new {type}[] {{ {string.Join(", ", e.Members.Select(member => type + "." + member.Name))} }};");
            w.Line();
            w.Line("/// <summary>Every wire value, in the contract's order.</summary>");
            w.Line($"public static global::System.Collections.Generic.IReadOnlyList<string> WireValues {{ get; }} = new string[] {{ {string.Join(", ", e.Members.Select(member => FileHeader.Literal(member.Wire)))} }};");
            if (e.DefaultMember is { } defaultMember)
            {
                w.Line();
                w.Line($"/// <summary>The contract's default, <c>{FileHeader.Doc(e.DefaultWire!)}</c>: what the server applies when the field is not sent.</summary>");
                w.Line($"public static {type} Default => {type}.{defaultMember};");
            }

            w.Line();
            if (e.Extensible)
            {
                // An open set: a struct over the wire string, whose value is its own wire form.
                w.Line("/// <summary>The wire value of <paramref name=\"value\"/>, known or not.</summary>");
                w.Line($"public static string ToWire({type} value) => value.Value;");
            }
            else
            {
                w.Line("/// <summary>The wire value of <paramref name=\"value\"/>.</summary>");
                w.Line($"/// <exception cref=\"global::System.ArgumentOutOfRangeException\">A value that is no member of <c>{e.TypeName}</c>.</exception>");
                w.Line($"public static string ToWire({type} value) => value switch");
                w.Line("{");
                foreach (var member in e.Members)
                {
                    w.Line($"    {type}.{member.Name} => {FileHeader.Literal(member.Wire)},");
                }

                w.Line($"    _ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, {FileHeader.Literal("Not a member of " + e.TypeName + ".")}),");
                w.Line("};");
            }

            if (e.TerminalWires.Count > 0)
            {
                w.Line();
                w.Line($"/// <summary>Whether nothing changes after <paramref name=\"value\"/> (x-apixo-terminal-states: {FileHeader.Doc(string.Join(", ", e.TerminalWires))}); a value the contract does not name is not terminal.</summary>");
                w.Line($"public static bool IsTerminal({type} value) => {Among(ns, e, "value", e.TerminalWires)};");
                w.Line();
                w.Line($"/// <summary>Whether <paramref name=\"value\"/> is a terminal state that carries a result (x-apixo-success-states: {FileHeader.Doc(string.Join(", ", e.SuccessWires))}).</summary>");
                w.Line($"public static bool IsSuccess({type} value) => {Among(ns, e, "value", e.SuccessWires)};");
            }

            w.Line();
            w.Line("/// <summary>The member whose wire value is exactly <paramref name=\"wire\"/> (case-sensitive, as on the wire).</summary>");
            using (w.Block($"public static bool TryParse(string? wire, out {type} value)"))
            {
                using (w.Block("switch (wire)"))
                {
                    foreach (var member in e.Members)
                    {
                        w.Line($"case {FileHeader.Literal(member.Wire)}:");
                        w.Line($"    value = {type}.{member.Name};");
                        w.Line("    return true;");
                    }

                    w.Line("default:");
                    w.Line("    value = default;");
                    w.Line("    return false;");
                }
            }
        }

        return w.ToString();
    }

    // "value == A || value == B" over the members whose wire values are listed; "false" for none.
    private static string Among(string ns, EnumModel e, string value, EquatableArray<string> wires)
    {
        var members = e.Members.Where(member => wires.Contains(member.Wire)).Select(member => $"{value} == global::{ns}.{e.TypeName}.{member.Name}").ToList();
        return members.Count == 0 ? "false" : string.Join(" || ", members);
    }

    public static string EmitService(ServiceUnit unit)
    {
        var service = unit.Service;
        var w = new CodeWriter();
        w.Line($"namespace {unit.Namespace};");
        w.Line();
        w.Line($"/// <summary>Facts of the {FileHeader.Doc(unit.ModelTypeName)} service as the contract states them: where it is, how a call proves who it is, how long results live.</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public static partial class {unit.ModelTypeName}Service"))
        {
            w.Line($"/// <summary>The API's base address (the contract's first <c>servers</c> entry): {FileHeader.Doc(service.ServerUrl)}.</summary>");
            w.Line($"public static global::System.Uri ServerUrl {{ get; }} = new({FileHeader.Literal(service.ServerUrl)});");
            w.Line();
            w.Line($"/// <summary>The Authorization header's scheme (the contract's http security scheme): <c>{FileHeader.Doc(service.AuthorizationScheme)}</c>.</summary>");
            w.Line($"public const string AuthorizationScheme = {FileHeader.Literal(service.AuthorizationScheme)};");
            w.Line();
            w.Line($"/// <summary>How long result URLs stay valid after completion (x-apixo-result-ttl-hours: {service.ResultTtlHours}).</summary>");
            w.Line($"public static global::System.TimeSpan ResultLifetime {{ get; }} = global::System.TimeSpan.FromHours({service.ResultTtlHours.ToString(CultureInfo.InvariantCulture)});");
        }

        return w.ToString();
    }

    // Properties, not constants: a constant is copied into the code that reads it (an old value would outlive a contract
    // change in a library built against it), and a constant bool makes a reader's branch unreachable code.
    public static string EmitCallbackDelivery(CallbackDeliveryUnit unit)
    {
        var delivery = unit.Delivery;
        var shortestRetrySpan = ((long)delivery.MaxRetries * delivery.FirstRetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        var w = new CodeWriter();
        w.Line($"namespace {unit.Namespace};");
        w.Line();
        w.Lines($$"""
            /// <summary>
            /// How APIXO delivers a task's callback to its <c>callback_url</c>, as the contract's x-apixo-callback-delivery states it:
            /// when an attempt counts as failed, how often and how soon it is retried, and whether callbacks are signed.
            /// </summary>
            {{FileHeader.GeneratedCode}}
            public static partial class {{unit.ModelTypeName}}CallbackDelivery
            {
                /// <summary>How long APIXO waits for the receiver's 200 before the attempt counts as failed (timeout-seconds: {{delivery.TimeoutSeconds}}).</summary>
                public static global::System.TimeSpan AnswerTimeout { get; } = {{Seconds(delivery.TimeoutSeconds)}};

                /// <summary>How many times APIXO retries a callback that was not answered 200 (max-retries: {{delivery.MaxRetries}}): one task can arrive that many more times.</summary>
                public static int MaxRetries { get; } = {{delivery.MaxRetries.ToString(CultureInfo.InvariantCulture)}};

                /// <summary>The wait before the first retry (first-retry-after-seconds: {{delivery.FirstRetryAfterSeconds}}).</summary>
                public static global::System.TimeSpan FirstRetryAfter { get; } = {{Seconds(delivery.FirstRetryAfterSeconds)}};

                /// <summary>How the waits between retries change (retry-delays: {{FileHeader.Doc(delivery.RetryDelays)}}): each is at least as long as the one before; by how much, the contract does not say.</summary>
                public static string RetryDelays { get; } = {{FileHeader.Literal(delivery.RetryDelays)}};

                /// <summary>Whether APIXO signs its callbacks (signed: {{(delivery.Signed ? "true" : "false")}}). An unsigned callback proves nothing: confirm it with a status call.</summary>
                public static bool Signed { get; } = {{(delivery.Signed ? "true" : "false")}};

                /// <summary>
                /// The least time over which one callback's retries arrive: <see cref="MaxRetries"/> waits, none shorter than
                /// <see cref="FirstRetryAfter"/> ({{shortestRetrySpan}} s). The last retry may come later still, so whatever remembers
                /// a delivered task (a deduplication window, a signed URL's lifetime) must last longer than this.
                /// </summary>
                public static global::System.TimeSpan ShortestRetrySpan { get; } = global::System.TimeSpan.FromSeconds({{shortestRetrySpan}});
            }
            """);
        return w.ToString();
    }

    public static string EmitHttpErrors(HttpErrorsUnit unit)
    {
        var ns = unit.Namespace;
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        EnumWithUnknown(
            w,
            "ApixoErrorKind",
            "The kind of an error: the contract's documented error responses (x-apixo-error, valued by their HTTP status), and the client's own kinds for failures no status describes.",
            "A status the contract does not document.",
            ClientErrorKinds.All.Concat(unit.Errors.Select(error => (error.Kind, error.Status, $"HTTP {error.Status}: {FileHeader.Doc(error.Meaning)}"))));
        w.Line();
        w.Lines($$"""
            /// <summary>What an HTTP error status means, what to do, whether repeating the same call can help, and whether the request was refused before anything was created.</summary>
            /// <param name="Status">The HTTP status.</param>
            /// <param name="Kind">The kind of error.</param>
            /// <param name="Meaning">What it means.</param>
            /// <param name="Advice">What to do about it.</param>
            /// <param name="Retryable">Whether repeating the same call can help.</param>
            /// <param name="NothingCreated">
            /// Whether the server gives this answer before it accepts a request: no task was created and nothing billed, so a
            /// submit (which has no idempotency key) may be repeated when <paramref name="Retryable"/>. When false, the request may
            /// have been accepted before the error, and a submit's outcome is unknown.
            /// </param>
            {{FileHeader.GeneratedCode}}
            public sealed record ApixoHttpErrorInfo(int Status, global::{{ns}}.ApixoErrorKind Kind, string Meaning, string Advice, bool Retryable, bool NothingCreated);

            /// <summary>The catalogue of the contract's documented HTTP errors.</summary>
            {{FileHeader.GeneratedCode}}
            public static partial class ApixoHttpErrors
            {
                /// <summary>Every documented error, by status.</summary>
                public static global::System.Collections.Generic.IReadOnlyList<global::{{ns}}.ApixoHttpErrorInfo> All { get; } = new global::{{ns}}.ApixoHttpErrorInfo[]
                {
            """);
        foreach (var error in unit.Errors)
        {
            w.Line($"        new({error.Status.ToString(CultureInfo.InvariantCulture)}, global::{ns}.ApixoErrorKind.{error.Kind}, {FileHeader.Literal(error.Meaning)}, {FileHeader.Literal(error.Advice)}, {(error.Retryable ? "true" : "false")}, {(error.NothingCreated ? "true" : "false")}),");
        }

        w.Lines($$"""
                };

                /// <summary>
                /// Describes <paramref name="status"/>. A status the contract does not document is <see cref="global::{{ns}}.ApixoErrorKind.Unknown"/>,
                /// read as HTTP reads it: a server error (5xx) is retryable and may have come after the request was accepted;
                /// any other is a refusal that created nothing and is not retryable.
                /// </summary>
                public static global::{{ns}}.ApixoHttpErrorInfo Describe(int status)
                {
                    foreach (var error in All)
                    {
                        if (error.Status == status)
                        {
                            return error;
                        }
                    }

                    return status >= 500
                        ? new(status, global::{{ns}}.ApixoErrorKind.Unknown, "A server error the contract does not document.", "Retry with backoff.", true, false)
                        : new(status, global::{{ns}}.ApixoErrorKind.Unknown, "An error the contract does not document.", "Check the request and the server's message.", false, true);
                }

                /// <summary>The documented error of kind <paramref name="kind"/>.</summary>
                /// <exception cref="global::System.ArgumentOutOfRangeException"><paramref name="kind"/> is no kind the contract documents.</exception>
                public static global::{{ns}}.ApixoHttpErrorInfo Of(global::{{ns}}.ApixoErrorKind kind)
                {
                    foreach (var error in All)
                    {
                        if (error.Kind == kind)
                        {
                            return error;
                        }
                    }

                    throw new global::System.ArgumentOutOfRangeException(nameof(kind), kind, "Not an error kind the contract documents.");
                }
            }
            """);
        return w.ToString();
    }

    public static string EmitPricing(PricingUnit unit)
    {
        var ns = unit.Namespace;
        var pricing = unit.Pricing;
        var field = pricing.PricedField;
        var enumType = $"global::{ns}.{field.Enum.TypeName}";
        var fallback = field.Enum.DefaultMember is { } member
            ? $"?? {enumType}.{member}"
            : $"?? throw new global::System.ArgumentException(\"{field.Json} is not set, and the contract gives it no default.\", nameof(request))";
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        w.Line($"/// <summary>Prices of {FileHeader.Doc(unit.ModelTypeName)}, from the contract's x-apixo-pricing, in {FileHeader.Doc(pricing.Currency)} per {FileHeader.Doc(pricing.Unit)}.</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public static partial class {unit.ModelTypeName}Pricing"))
        {
            w.Line("/// <summary>The currency of every price.</summary>");
            w.Line($"public const string Currency = {FileHeader.Literal(pricing.Currency)};");
            w.Line();
            w.Line($"/// <summary>The price of one {FileHeader.Doc(pricing.Unit)} at <paramref name=\"{Names.Camel(field.Property)}\"/>.</summary>");
            w.Line($"public static decimal PricePer{Names.Pascal(pricing.Unit)}({enumType} {Names.Camel(field.Property)}) => {Names.Camel(field.Property)} switch");
            w.Line("{");
            foreach (var price in pricing.Prices)
            {
                w.Line($"    {enumType}.{price.Member} => {price.Amount}m,");
            }

            w.Line($"    _ => throw new global::System.ArgumentOutOfRangeException(nameof({Names.Camel(field.Property)}), {Names.Camel(field.Property)}, \"Not a value of the contract.\"),");
            w.Line("};");
            w.Line();
            w.Lines($$"""
                /// <summary>
                /// What <paramref name="request"/> will cost: one {{FileHeader.Doc(pricing.Unit)}} at its <c>{{field.Json}}</c> (the contract's default when it is not set).
                /// </summary>
                public static decimal EstimateCost(global::{{ns}}.{{unit.RequestTypeName}} request)
                {
                    global::System.ArgumentNullException.ThrowIfNull(request);
                    if (request.{{unit.InputProperty}} is null)
                    {
                        throw new global::System.ArgumentException("The request has no {{unit.InputProperty}}.", nameof(request));
                    }

                    return PricePer{{Names.Pascal(pricing.Unit)}}(request.{{unit.InputProperty}}.{{field.Property}} {{fallback}});
                }
                """);
        }

        return w.ToString();
    }

    public static string EmitPolling(PollingUnit unit)
    {
        var ns = unit.Namespace;
        var enumType = $"global::{ns}.{unit.Polling.Enum.TypeName}";
        var parameter = Names.Camel(unit.Polling.Enum.TypeName);
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        w.Lines($"""
            /// <summary>When to poll a task: the first poll after submit, then every interval; and how long it typically takes.</summary>
            {FileHeader.GeneratedCode}
            public sealed record PollingSchedule(global::System.TimeSpan FirstPoll, global::System.TimeSpan Interval, global::System.TimeSpan TypicalMin, global::System.TimeSpan TypicalMax);

            """);
        w.Line($"/// <summary>The polling schedule of {FileHeader.Doc(unit.ModelTypeName)} per {FileHeader.Doc(unit.Polling.Enum.TypeName)}, from the contract's x-apixo-polling.</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public static partial class {unit.ModelTypeName}Polling"))
        {
            foreach (var tier in unit.Polling.Tiers)
            {
                w.Line($"private static readonly global::{ns}.PollingSchedule {tier.Member}Schedule = new({Seconds(tier.FirstPollSeconds)}, {Seconds(tier.IntervalSeconds)}, {Seconds(tier.TypicalMinSeconds)}, {Seconds(tier.TypicalMaxSeconds)});");
            }

            w.Line();
            w.Line($"/// <summary>The schedule for <paramref name=\"{parameter}\"/>.</summary>");
            w.Line($"public static global::{ns}.PollingSchedule For({enumType} {parameter}) => {parameter} switch");
            w.Line("{");
            foreach (var tier in unit.Polling.Tiers)
            {
                w.Line($"    {enumType}.{tier.Member} => {tier.Member}Schedule,");
            }

            w.Line($"    _ => throw new global::System.ArgumentOutOfRangeException(nameof({parameter}), {parameter}, \"Not a value of the contract.\"),");
            w.Line("};");
        }

        return w.ToString();
    }

    /// <summary>An enum whose zero member is <c>Unknown</c>: what the contract does not name.</summary>
    private static void EnumWithUnknown(CodeWriter w, string name, string summary, string unknownSummary, System.Collections.Generic.IEnumerable<(string Name, int Value, string Summary)> members)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public enum {name}"))
        {
            w.Line($"/// <summary>{unknownSummary}</summary>");
            w.Line("Unknown = 0,");
            foreach (var member in members)
            {
                w.Line();
                w.Line($"/// <summary>{member.Summary}</summary>");
                w.Line($"{member.Name} = {member.Value.ToString(CultureInfo.InvariantCulture)},");
            }
        }
    }

    private static string Seconds(int seconds) => $"global::System.TimeSpan.FromSeconds({seconds.ToString(CultureInfo.InvariantCulture)})";

    // One arm per documented failure; its aliases share the arm.
    private static void Switch(CodeWriter w, string type, string name, System.Collections.Generic.IEnumerable<(FailCodeModel Code, string Result)> arms, string fallback)
    {
        w.Line($"public {type} {name} => Value switch");
        w.Line("{");
        foreach (var (code, result) in arms)
        {
            w.Line($"    {string.Join(" or ", code.WireValues.Select(FileHeader.Literal))} => {result},");
        }

        w.Line($"    _ => {fallback},");
        w.Line("};");
    }
}
