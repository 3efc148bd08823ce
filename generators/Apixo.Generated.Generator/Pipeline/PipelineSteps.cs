using System;
using System.Collections.Immutable;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Generator.Diagnostics;
using Apixo.Generated.Generator.Emit;
using Apixo.Generated.Contract.Model;
using Apixo.Generated.Generator.Model;
using Apixo.Generated.Contract.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Apixo.Generated.Generator.Pipeline;

/// <summary>The work of each step of <see cref="ContractGenerator"/>, kept out of the pipeline file.</summary>
internal static class PipelineSteps
{
    private const string ContractMetadata = "build_metadata.AdditionalFiles.ApixoContract";

    /// <summary>The file's path and text when the project marks it <c>ApixoContract="true"</c>; otherwise null.</summary>
    public static ContractText? ReadIfContract(AdditionalText file, AnalyzerConfigOptionsProvider options, System.Threading.CancellationToken cancellationToken) =>
        options.GetOptions(file).TryGetValue(ContractMetadata, out var marked) && string.Equals(marked, "true", StringComparison.OrdinalIgnoreCase)
            ? new ContractText(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty)
            : null;

    /// <summary>Exactly one contract, or the diagnostic that says there is none or more than one.</summary>
    public static ContractSelection Select(ImmutableArray<ContractText> texts) => texts.Length switch
    {
        0 => new ContractSelection(null, new DiagnosticInfo(ContractDiagnostics.ContractNotFound, EquatableArray<string>.Empty, null, null)),
        1 => new ContractSelection(texts[0], null),
        _ => new ContractSelection(null, new DiagnosticInfo(ContractDiagnostics.MultipleContracts, new[] { string.Join(", ", texts.Select(text => text.Path)) }.ToEquatableArray(), null, null)),
    };

    /// <summary>Reads the contract. Never throws: an unexpected failure is APX008 and no model.</summary>
    public static ParseResult Parse(ContractSelection selection)
    {
        if (selection.Contract is not { } contract)
        {
            return new ParseResult(null, new[] { selection.Problem! }.ToEquatableArray());
        }

        try
        {
            return ContractReader.Read(contract.Path, contract.Text);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new ParseResult(null, new[] { Failure(exception.GetType().Name + ": " + exception.Message, contract.Path) }.ToEquatableArray());
        }
    }

    /// <summary>Cuts a parsed contract into files. Never throws: an unexpected failure is APX008 and no file.</summary>
    public static GenerationPlan Plan(ParseResult parsed, string ns)
    {
        try
        {
            return new GenerationPlan(UnitPlanner.Plan(parsed.Model, ns).ToEquatableArray(), parsed.Diagnostics);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new GenerationPlan(EquatableArray<EmitUnit>.Empty, parsed.Diagnostics.Append(Failure(exception.GetType().Name + ": " + exception.Message, null)).ToEquatableArray());
        }
    }

    /// <summary>
    /// The project's <c>RootNamespace</c> (else <c>Apixo.Generated</c>). The generated code lives there, beside
    /// NSwag's DTOs and the client's support types it calls (<c>ContractRules</c>, <c>ApixoValidationError</c>,
    /// <c>ApixoValidationException</c> and the storage half of <c>FailCode</c>), which must share it.
    /// </summary>
    public static string Namespace(AnalyzerConfigOptions options) =>
        options.TryGetValue("build_property.RootNamespace", out var rootNamespace) && !string.IsNullOrWhiteSpace(rootNamespace)
            ? rootNamespace
            : "Apixo.Generated";

    public static void ReportDiagnostics(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var info in diagnostics)
        {
            context.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(info));
        }
    }

    /// <summary>Emits one file whole, or reports APX008 and emits nothing for it.</summary>
    public static void AddSource(SourceProductionContext context, EmitUnit unit)
    {
        string source;
        try
        {
            source = UnitPlanner.Emit(unit);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            context.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(Failure(unit.HintName + ": " + exception.Message, null)));
            return;
        }

        context.AddSource(unit.HintName, source);
    }

    private static DiagnosticInfo Failure(string message, string? path) =>
        new(ContractDiagnostics.GeneratorFailure, new[] { message }.ToEquatableArray(), path, null);
}
