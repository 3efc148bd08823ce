using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>The reusable error responses that carry x-apixo-error: status, kind, meaning, advice, retryable, nothing-created.</summary>
internal static class HttpErrorReader
{
    public static EquatableArray<HttpErrorModel> Read(SpecDocument spec)
    {
        var responses = Child(Child(spec.Root, "components") as YamlMappingNode, "responses") as YamlMappingNode;
        var errors = new List<HttpErrorModel>();
        foreach (var response in responses?.Children.Values.OfType<YamlMappingNode>() ?? Enumerable.Empty<YamlMappingNode>())
        {
            if (Child(response, "x-apixo-error") is not YamlMappingNode entry)
            {
                continue;
            }

            var statusNode = Child(entry, "status");
            var kind = spec.RequiredScalar(entry, "kind", "an HTTP error");
            var meaning = spec.RequiredScalar(entry, "meaning", "an HTTP error");
            var advice = spec.RequiredScalar(entry, "advice", "an HTTP error");
            var retryable = Scalar(Child(entry, "retryable"));
            if (!int.TryParse(Scalar(statusNode), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400 || status > 599)
            {
                spec.Report(ContractDiagnostics.IncompleteContract, statusNode ?? entry, "x-apixo-error needs a status between 400 and 599.");
                continue;
            }

            if (retryable is not ("true" or "false"))
            {
                spec.Report(ContractDiagnostics.IncompleteContract, Child(entry, "retryable") ?? entry, $"x-apixo-error {status} needs retryable: true or false.");
                continue;
            }

            // Whether a submit answered so may be repeated: the retry policy and the submit's outcome depend on it.
            var nothingCreated = Scalar(Child(entry, "nothing-created"));
            if (nothingCreated is not ("true" or "false"))
            {
                spec.Report(ContractDiagnostics.IncompleteContract, Child(entry, "nothing-created") ?? entry, $"x-apixo-error {status} needs nothing-created: true or false.");
                continue;
            }

            if (kind is null || meaning is null || advice is null)
            {
                continue;
            }

            if (!Names.IsValidIdentifier(kind) || ClientErrorKinds.IsReserved(kind) || errors.Any(e => e.Kind == kind || e.Status == status))
            {
                spec.Report(ContractDiagnostics.InvalidName, Child(entry, "kind"), $"Error kind '{kind}' ({status}) is not a valid C# name, is reserved (Unknown, Transport, UnreadableResponse, TaskFailed), or appears twice.");
                continue;
            }

            errors.Add(new HttpErrorModel(status, kind, meaning, advice, retryable == "true", nothingCreated == "true"));
        }

        return errors.OrderBy(error => error.Status).ToEquatableArray();
    }
}
