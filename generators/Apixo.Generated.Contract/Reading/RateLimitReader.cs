using System.Collections.Generic;
using System.Globalization;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>The plans' limits per key (x-apixo-rate-limits): a batch paces itself by them, and the CLI offers the plans by name.</summary>
internal static class RateLimitReader
{
    private static readonly HashSet<string> TableMembers = new(System.StringComparer.Ordinal) { "All", "TryGet", "ToString", "Equals", "GetHashCode", "GetType" };

    public static RateLimitsModel? Read(SpecDocument spec)
    {
        if (Child(spec.Root, "x-apixo-rate-limits") is not YamlSequenceNode plansNode || plansNode.Children.Count == 0)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, Child(spec.Root, "x-apixo-rate-limits") ?? spec.Root, "The root needs x-apixo-rate-limits: a list of plans, each with plan, requests-per-minute and concurrent-tasks.");
            return null;
        }

        var plans = new List<RatePlanModel>();
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        var failed = false;
        foreach (var node in plansNode.Children)
        {
            var entry = node as YamlMappingNode;
            var plan = Scalar(Child(entry, "plan"));
            var name = plan is null ? string.Empty : Names.Pascal(plan);
            if (entry is null || string.IsNullOrWhiteSpace(plan) || !Names.IsValidIdentifier(name) || TableMembers.Contains(name) || !names.Add(name))
            {
                spec.Report(ContractDiagnostics.InvalidName, (YamlNode?)Child(entry, "plan") ?? node, $"x-apixo-rate-limits: plan '{plan}' gives no C# name of its own ('{name}'): each plan needs a distinct name.");
                failed = true;
                continue;
            }

            var perMinuteRead = TryFigure(spec, entry, plan!, "requests-per-minute", out var perMinute);
            var concurrentRead = TryFigure(spec, entry, plan!, "concurrent-tasks", out var concurrent);
            if (!perMinuteRead || !concurrentRead)
            {
                failed = true;
                continue;
            }

            plans.Add(new RatePlanModel(plan!, name, perMinute, concurrent));
        }

        return failed ? null : new RateLimitsModel(plans.ToEquatableArray());
    }

    // A positive whole number, or custom (null: the figure is agreed per account); anything else is reported.
    private static bool TryFigure(SpecDocument spec, YamlMappingNode entry, string plan, string key, out int? figure)
    {
        var node = Child(entry, key);
        var text = Scalar(node);
        figure = null;
        if (text == RateLimitsModel.Custom)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
        {
            figure = value;
            return true;
        }

        spec.Report(ContractDiagnostics.IncompleteContract, node ?? entry, $"x-apixo-rate-limits: plan '{plan}' needs {key}: a whole number, at least 1, or {RateLimitsModel.Custom}.");
        return false;
    }
}
