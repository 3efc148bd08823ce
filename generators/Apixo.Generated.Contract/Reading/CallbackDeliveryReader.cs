using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>How APIXO delivers the submit's callback (x-apixo-callback-delivery): the webhook receiver sizes what it remembers by it.</summary>
internal static class CallbackDeliveryReader
{
    public static CallbackDeliveryModel? Read(SpecDocument spec, YamlMappingNode submit)
    {
        var callbacks = Child(submit, "callbacks") as YamlMappingNode;
        var found = (callbacks?.Children.Values.OfType<YamlMappingNode>() ?? Enumerable.Empty<YamlMappingNode>())
            .SelectMany(callback => callback.Children.Values.OfType<YamlMappingNode>())
            .SelectMany(pathItem => pathItem.Children.Values.OfType<YamlMappingNode>())
            .Select(operation => Child(operation, "x-apixo-callback-delivery"))
            .OfType<YamlMappingNode>()
            .ToList();
        if (found.Count != 1)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, found.Count == 0 ? (YamlNode?)callbacks ?? submit : found[1], "The submit's callback needs exactly one x-apixo-callback-delivery: how APIXO delivers callbacks.");
            return null;
        }

        var delivery = found[0];
        int? Seconds(string key, int least)
        {
            var node = Child(delivery, key);
            if (int.TryParse(Scalar(node), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= least)
            {
                return value;
            }

            spec.Report(ContractDiagnostics.IncompleteContract, node ?? delivery, $"x-apixo-callback-delivery needs {key}: a whole number, at least {least}.");
            return null;
        }

        var timeout = Seconds("timeout-seconds", 1);
        var retries = Seconds("max-retries", 0);
        var firstRetry = Seconds("first-retry-after-seconds", 0);
        var delays = Scalar(Child(delivery, "retry-delays"));
        var signed = Scalar(Child(delivery, "signed"));
        if (delays != "growing")
        {
            // Each value needs a meaning the emitted table states; growing is the one APIXO documents.
            spec.Report(ContractDiagnostics.IncompleteContract, Child(delivery, "retry-delays") ?? delivery, $"x-apixo-callback-delivery retry-delays '{delays}' is not known: growing (each wait at least the one before).");
            return null;
        }

        if (signed is not ("true" or "false"))
        {
            spec.Report(ContractDiagnostics.IncompleteContract, Child(delivery, "signed") ?? delivery, "x-apixo-callback-delivery needs signed: true or false.");
            return null;
        }

        return timeout is null || retries is null || firstRetry is null
            ? null
            : new CallbackDeliveryModel(timeout.Value, retries.Value, firstRetry.Value, delays, signed == "true");
    }
}
