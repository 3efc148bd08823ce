using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Model;
using Apixo.Generated.Generator.Model;

namespace Apixo.Generated.Generator.Emit;

/// <summary>Emits the plans' limits per key (x-apixo-rate-limits): a record per plan and the table of plans.</summary>
internal static class RateLimitsEmitter
{
    public static string Emit(RateLimitsUnit unit)
    {
        var ns = unit.Namespace;
        var plan = $"global::{ns}.RatePlan";
        var plans = unit.RateLimits.Plans;
        var w = new CodeWriter();
        w.Line($"namespace {ns};");
        w.Line();
        w.Lines($"""
            /// <summary>
            /// A plan's limits per API key, as the contract states them; over either the server answers 429. A null figure is the
            /// contract's <c>{RateLimitsModel.Custom}</c>: agreed per account, so the caller gives it.
            /// </summary>
            /// <param name="Name">The plan's name, as the contract writes it.</param>
            /// <param name="RequestsPerMinute">Requests per minute per key; every request counts, status polls included.</param>
            /// <param name="ConcurrentTasks">Unfinished tasks per key.</param>
            {FileHeader.GeneratedCode}
            public sealed record RatePlan(string Name, int? RequestsPerMinute, int? ConcurrentTasks);

            """);
        w.Line($"/// <summary>The plans of {FileHeader.Doc(unit.ModelTypeName)} and their limits per key, from the contract's x-apixo-rate-limits.</summary>");
        w.Line(FileHeader.GeneratedCode);
        using (w.Block($"public static partial class {unit.ModelTypeName}RateLimits"))
        {
            foreach (var entry in plans)
            {
                w.Line($"/// <summary><c>{FileHeader.Doc(entry.Plan)}</c>: {Figure(entry.RequestsPerMinute)} requests per minute, {Figure(entry.ConcurrentTasks)} concurrent tasks.</summary>");
                w.Line($"public static {plan} {entry.Name} {{ get; }} = new({FileHeader.Literal(entry.Plan)}, {Literal(entry.RequestsPerMinute)}, {Literal(entry.ConcurrentTasks)});");
                w.Line();
            }

            w.Line("/// <summary>Every plan, in the contract's order.</summary>");
            w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{plan}> All {{ get; }} = new {plan}[] {{ {string.Join(", ", plans.Select(entry => entry.Name))} }};");
            w.Line();
            w.Line("/// <summary>The plan named exactly <paramref name=\"name\"/>, as the contract writes it.</summary>");
            using (w.Block($"public static bool TryGet(string? name, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out {plan}? plan)"))
            {
                w.Line("plan = name switch");
                w.Line("{");
                foreach (var entry in plans)
                {
                    w.Line($"    {FileHeader.Literal(entry.Plan)} => {entry.Name},");
                }

                w.Line("    _ => null,");
                w.Line("};");
                w.Line("return plan is not null;");
            }
        }

        return w.ToString();
    }

    private static string Figure(int? figure) => figure?.ToString(CultureInfo.InvariantCulture) ?? RateLimitsModel.Custom;

    private static string Literal(int? figure) => figure?.ToString(CultureInfo.InvariantCulture) ?? "null";
}
