using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>x-apixo-pricing and x-apixo-polling: one price and one polling schedule per value of the priced enum.</summary>
internal static class PricingReader
{
    public static PricingModel? ReadPricing(SpecDocument spec, EnumReader enums, EquatableArray<FieldModel> sharedFields, out YamlMappingNode? pricedSchema)
    {
        pricedSchema = null;
        var holder = spec.Schemas.Children.FirstOrDefault(pair => Child(pair.Value as YamlMappingNode, "x-apixo-pricing") is not null);
        if (holder.Value is not YamlMappingNode schema || Child(schema, "x-apixo-pricing") is not YamlMappingNode pricing)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, spec.Schemas, "No schema carries x-apixo-pricing: the cost of a request is unknown.");
            return null;
        }

        pricedSchema = schema;
        var enumName = Scalar(holder.Key)!;
        var field = sharedFields.OfType<EnumFieldModel>().FirstOrDefault(f => f.Enum.TypeName == enumName);
        if (field is null && enums.IsBroken(enumName))
        {
            return null; // the enum itself is broken and already reported
        }

        if (field is null)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, holder.Key, $"x-apixo-pricing is on '{enumName}', which no field shared by every mode uses.");
            return null;
        }

        var prices = Child(pricing, "prices") as YamlMappingNode;
        var entries = new List<PriceModel>();
        foreach (var member in field.Enum.Members)
        {
            var amountNode = Child(prices, member.Wire);
            if (amountNode is null || !decimal.TryParse(Scalar(amountNode), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                spec.Report(ContractDiagnostics.IncompleteContract, amountNode ?? (YamlNode?)prices ?? pricing, $"x-apixo-pricing has no price for '{member.Wire}'.");
                continue;
            }

            entries.Add(new PriceModel(member.Name, member.Wire, amount.ToString(CultureInfo.InvariantCulture)));
        }

        ReportExtraKeys(spec, prices, field.Enum, "x-apixo-pricing prices");
        var currency = spec.RequiredScalar(pricing, "currency", "x-apixo-pricing");
        var unit = spec.RequiredScalar(pricing, "unit", "x-apixo-pricing");
        return currency is null || unit is null || entries.Count != field.Enum.Members.Count
            ? null
            : new PricingModel(currency, unit, field, entries.ToEquatableArray());
    }

    public static PollingModel? ReadPolling(SpecDocument spec, EnumModel tiers, YamlMappingNode schema)
    {
        if (Child(schema, "x-apixo-polling") is not YamlMappingNode polling)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, schema, $"'{tiers.TypeName}' has x-apixo-pricing but no x-apixo-polling.");
            return null;
        }

        var entries = new List<PollModel>();
        foreach (var member in tiers.Members)
        {
            if (Child(polling, member.Wire) is not YamlMappingNode tier)
            {
                spec.Report(ContractDiagnostics.IncompleteContract, polling, $"x-apixo-polling has no schedule for '{member.Wire}'.");
                continue;
            }

            var first = spec.ReadCount(tier, member.Wire, "first-poll-seconds");
            var interval = spec.ReadCount(tier, member.Wire, "interval-seconds");
            var typical = (Child(tier, "typical-seconds") as YamlSequenceNode)?.Children.Select(Scalar).ToList();
            if (first is null || interval is null || interval == 0 || typical is not { Count: 2 }
                || !int.TryParse(typical[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
                || !int.TryParse(typical[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max) || min > max)
            {
                spec.Report(ContractDiagnostics.IncompleteContract, tier, $"x-apixo-polling '{member.Wire}' needs first-poll-seconds, a positive interval-seconds and typical-seconds [min, max].");
                continue;
            }

            entries.Add(new PollModel(member.Name, member.Wire, first.Value, interval.Value, min, max));
        }

        ReportExtraKeys(spec, polling, tiers, "x-apixo-polling");
        return entries.Count == tiers.Members.Count ? new PollingModel(tiers, entries.ToEquatableArray()) : null;
    }

    private static void ReportExtraKeys(SpecDocument spec, YamlMappingNode? table, EnumModel tiers, string what)
    {
        foreach (var key in table?.Children.Keys ?? Enumerable.Empty<YamlNode>())
        {
            if (!tiers.Members.Any(member => member.Wire == Scalar(key)))
            {
                spec.Report(ContractDiagnostics.IncompleteContract, key, $"{what} names '{Scalar(key)}', which is not a value of {tiers.TypeName}.");
            }
        }
    }
}
