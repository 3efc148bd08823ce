using System.Collections.Generic;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Apixo.Generated.Generator.Diagnostics;

/// <summary>
/// The Roslyn face of <see cref="ContractDiagnostics"/>: one error descriptor per contract diagnostic, with its
/// id, title and message.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ApixoContract";

    private static readonly Dictionary<ContractDiagnostic, DiagnosticDescriptor> ByContractDiagnostic =
        ContractDiagnostics.All.ToDictionary(diagnostic => diagnostic, Create);

    /// <summary>Every descriptor, in id order.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => ContractDiagnostics.All.Select(diagnostic => ByContractDiagnostic[diagnostic]);

    public static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var location = info is { FilePath: { } path, Span: { } span }
            ? Location.Create(
                path,
                new TextSpan(span.StartIndex, span.EndIndex - span.StartIndex),
                new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)))
            : Location.None;
        return Diagnostic.Create(ByContractDiagnostic[info.Descriptor], location, info.Args.ToArray<object>());
    }

    private static DiagnosticDescriptor Create(ContractDiagnostic diagnostic) =>
        new(diagnostic.Id, diagnostic.Title, diagnostic.MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
