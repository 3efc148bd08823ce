using System;
using System.Collections.Generic;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>The operations the client is built around, each found by its <c>x-apixo-role</c>.</summary>
/// <param name="Submit">The operation that creates a task; its JSON request body is what the builders build.</param>
/// <param name="Status">The operation that reports a task's state.</param>
/// <param name="Balance">The operation that reports the key's balance.</param>
internal sealed record ContractOperations(YamlMappingNode Submit, YamlMappingNode Status, YamlMappingNode Balance);

/// <summary>
/// Finds the submit, status and balance operations by <c>x-apixo-role</c>, never by their order, method or path,
/// so that a new operation (a cancel, another POST) changes nothing. A missing, repeated or unknown role is an
/// APX006 that names it; an operation without a role is one the client does not model.
/// </summary>
internal static class OperationReader
{
    public const string RoleKey = "x-apixo-role";

    private static readonly string[] Methods = { "get", "put", "post", "delete", "patch", "head", "options", "trace" };

    private static readonly (string Role, string Purpose)[] Roles =
    {
        ("submit", "the request the builders build"),
        ("status", "the poll that reports a task's state"),
        ("balance", "the key's balance"),
    };

    public static ContractOperations? Read(SpecDocument spec)
    {
        var paths = Child(spec.Root, "paths") as YamlMappingNode;
        var found = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        var broken = false;
        foreach (var item in paths?.Children.Values.OfType<YamlMappingNode>() ?? Enumerable.Empty<YamlMappingNode>())
        {
            foreach (var method in Methods)
            {
                if (Child(item, method) is not YamlMappingNode operation || Child(operation, RoleKey) is not { } roleNode)
                {
                    continue;
                }

                var role = Scalar(roleNode);
                if (!Roles.Any(known => known.Role == role))
                {
                    spec.Report(ContractDiagnostics.IncompleteContract, roleNode, $"{RoleKey} '{role}' is not a role the client knows ({string.Join(", ", Roles.Select(known => known.Role))}).");
                    broken = true;
                }
                else if (found.ContainsKey(role!))
                {
                    spec.Report(ContractDiagnostics.IncompleteContract, roleNode, $"Two operations have {RoleKey}: {role}; exactly one may.");
                    broken = true;
                }
                else
                {
                    found[role!] = operation;
                }
            }
        }

        foreach (var (role, purpose) in Roles.Where(known => !found.ContainsKey(known.Role)))
        {
            spec.Report(ContractDiagnostics.IncompleteContract, (YamlNode?)paths ?? spec.Root, $"No operation has {RoleKey}: {role} ({purpose}).");
        }

        return found.Count == Roles.Length && !broken
            ? new ContractOperations(found["submit"], found["status"], found["balance"])
            : null;
    }
}
