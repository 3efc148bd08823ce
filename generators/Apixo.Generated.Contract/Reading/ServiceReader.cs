using System;
using System.Globalization;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>Where the service is, how calls are authorized, how long results live: read, never typed in the runtime.</summary>
internal static class ServiceReader
{
    public static ServiceModel? Read(SpecDocument spec)
    {
        var root = spec.Root;
        var server = Scalar(Child((Child(root, "servers") as YamlSequenceNode)?.Children.FirstOrDefault() as YamlMappingNode, "url"));
        if (server is null || !Uri.TryCreate(server, UriKind.Absolute, out _))
        {
            spec.Report(ContractDiagnostics.IncompleteContract, Child(root, "servers") ?? root, "The contract needs a servers entry with an absolute url: the client's default base address.");
            return null;
        }

        var schemes = Child(Child(root, "components") as YamlMappingNode, "securitySchemes") as YamlMappingNode;
        var http = schemes?.Children.Select(pair => pair.Value as YamlMappingNode).FirstOrDefault(scheme => Scalar(Child(scheme, "type")) == "http");
        var scheme = Scalar(Child(http, "scheme"));
        if (string.IsNullOrWhiteSpace(scheme))
        {
            spec.Report(ContractDiagnostics.IncompleteContract, (YamlNode?)schemes ?? root, "The contract needs an http security scheme with a scheme (bearer): the Authorization header's.");
            return null;
        }

        var holder = spec.Schemas.Children.Select(pair => pair.Value as YamlMappingNode).FirstOrDefault(schema => Child(schema, "x-apixo-result-ttl-hours") is not null);
        var ttlNode = Child(holder, "x-apixo-result-ttl-hours");
        if (!int.TryParse(Scalar(ttlNode), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl <= 0)
        {
            spec.Report(ContractDiagnostics.IncompleteContract, ttlNode ?? root, "x-apixo-result-ttl-hours must be a positive whole number of hours.");
            return null;
        }

        // RFC 7235 schemes are case-insensitive; the header conventionally capitalizes (Bearer).
        return new ServiceModel(server, char.ToUpperInvariant(scheme![0]) + scheme.Substring(1), ttl);
    }
}
