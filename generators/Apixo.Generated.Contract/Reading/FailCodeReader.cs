using System;
using System.Collections.Generic;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>x-apixo-fail-codes with their aliases, and the retry classes of x-apixo-retry-classes they name.</summary>
internal static class FailCodeReader
{
    public static FailCodesModel? Read(SpecDocument spec)
    {
        var holder = spec.Schemas.Children.FirstOrDefault(pair => Child(pair.Value as YamlMappingNode, "x-apixo-fail-codes") is not null);
        if (holder.Value is not YamlMappingNode failCodeSchema || Child(failCodeSchema, "x-apixo-fail-codes") is not YamlSequenceNode entries)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, spec.Schemas, "No schema carries x-apixo-fail-codes: the fail codes are unknown.");
            return null;
        }

        if (Child(spec.Root, "x-apixo-retry-classes") is not YamlMappingNode classesNode)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, spec.Root, "The root has no x-apixo-retry-classes.");
            return null;
        }

        var classes = new List<RetryClassModel>();
        foreach (var pair in classesNode.Children)
        {
            var key = Scalar(pair.Key) ?? string.Empty;
            var className = Names.Pascal(key);
            if (!Names.IsValidIdentifier(className) || className == "Unknown" || classes.Any(c => c.Name == className))
            {
                spec.Report(ContractDiagnostics.InvalidName, pair.Key, $"Retry class '{key}' gives the C# name '{className}', which is invalid, reserved (Unknown) or taken.");
                continue;
            }

            classes.Add(new RetryClassModel(key, className, Scalar(pair.Value) ?? string.Empty));
        }

        var codes = new List<FailCodeModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var wireCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries.Children.OfType<YamlMappingNode>())
        {
            var code = spec.RequiredScalar(entry, "code", "a fail code");
            var nameNode = Child(entry, "name");
            var name = spec.RequiredScalar(entry, "name", "a fail code");
            var meaning = spec.RequiredScalar(entry, "meaning", "a fail code");
            var advice = spec.RequiredScalar(entry, "advice", "a fail code");
            var retry = spec.RequiredScalar(entry, "retry", "a fail code");
            if (code is null || name is null || meaning is null || advice is null || retry is null)
            {
                continue;
            }

            if (!Names.IsValidIdentifier(name) || name is "Value" or "Known" or "IsKnown" or "Meaning" or "Advice" or "RetryClass" or "Canonical" or "ToString" or "Equals" or "GetHashCode" or "GetType")
            {
                spec.Report(ContractDiagnostics.InvalidName, nameNode, $"Fail code name '{name}' is not a valid C# identifier, or clashes with a member of FailCode.");
            }
            else if (!names.Add(name) || !wireCodes.Add(code))
            {
                spec.Report(ContractDiagnostics.InvalidName, nameNode, $"Fail code '{code}' ({name}) appears twice.");
            }

            var retryClass = classes.FirstOrDefault(c => c.Key == retry);
            if (retryClass is null)
            {
                spec.Report(ContractDiagnostics.IncompleteContract, Child(entry, "retry"), $"Retry class '{retry}' of fail code '{code}' is not one of x-apixo-retry-classes.");
                continue;
            }

            var aliases = (Child(entry, "aliases") as YamlSequenceNode)?.Children.Select(Scalar).OfType<string>().ToList() ?? new List<string>();
            foreach (var alias in aliases.Where(alias => !wireCodes.Add(alias)))
            {
                spec.Report(ContractDiagnostics.InvalidName, Child(entry, "aliases"), $"Fail code alias '{alias}' of '{code}' appears twice.");
            }

            codes.Add(new FailCodeModel(code, name, meaning, advice, retryClass.Name, aliases.ToEquatableArray()));
        }

        if (entries.Children.Count == 0)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, entries, "x-apixo-fail-codes is empty: document at least the codes the model page lists.");
            return null;
        }

        return new FailCodesModel(classes.ToEquatableArray(), codes.ToEquatableArray());
    }
}
