using Microsoft.CodeAnalysis;

namespace Apixo.Generated.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. Ids are tracked in AnalyzerReleases.*.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ApixoContract";

    public static readonly DiagnosticDescriptor ContractNotFound = new(
        "APX001",
        "No Apixo contract",
        "No AdditionalFiles item is marked as the Apixo contract; add <AdditionalFiles Include=\"openapi/gpt-image-2.yaml\" ApixoContract=\"true\" />",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor YamlSyntaxError = new(
        "APX002",
        "The contract is not valid YAML",
        "The contract is not valid YAML: {0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownMode = new(
        "APX003",
        "Unknown mode",
        "Mode '{0}' of x-apixo-modes {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedConstraint = new(
        "APX004",
        "Constraint the builders cannot enforce",
        "{0}: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidEnumName = new(
        "APX005",
        "Duplicate, missing or invalid C# name",
        "{0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor IncompleteContract = new(
        "APX006",
        "The contract lacks a part the generator needs",
        "{0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MultipleContracts = new(
        "APX007",
        "More than one Apixo contract",
        "More than one AdditionalFiles item is marked as the Apixo contract: {0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GeneratorFailure = new(
        "APX008",
        "The Apixo generator failed",
        "The Apixo generator failed and generated nothing: {0}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "APX001" => ContractNotFound,
        "APX002" => YamlSyntaxError,
        "APX003" => UnknownMode,
        "APX004" => UnsupportedConstraint,
        "APX005" => InvalidEnumName,
        "APX006" => IncompleteContract,
        "APX007" => MultipleContracts,
        _ => GeneratorFailure,
    };

    public static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var location = info is { FilePath: { } path, Span: { } span }
            ? Location.Create(
                path,
                new Microsoft.CodeAnalysis.Text.TextSpan(span.StartIndex, span.EndIndex - span.StartIndex),
                new Microsoft.CodeAnalysis.Text.LinePositionSpan(
                    new Microsoft.CodeAnalysis.Text.LinePosition(span.StartLine, span.StartColumn),
                    new Microsoft.CodeAnalysis.Text.LinePosition(span.EndLine, span.EndColumn)))
            : Location.None;
        return Diagnostic.Create(ById(info.Id), location, System.Linq.Enumerable.ToArray<object>(info.Args));
    }
}
