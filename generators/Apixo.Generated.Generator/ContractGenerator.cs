using System;
using System.Collections.Immutable;
using System.Linq;
using Apixo.Generated.Generator.Diagnostics;
using Apixo.Generated.Generator.Emit;
using Apixo.Generated.Generator.Model;
using Apixo.Generated.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Apixo.Generated.Generator;

/// <summary>
/// Reads the one AdditionalFiles item marked <c>ApixoContract="true"</c> and emits the builders and tables
/// of the contract. Diagnostics flow on their own branch, so a change that moves only line numbers never
/// re-emits code; each generated file is cached on its own.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractGenerator : IIncrementalGenerator
{
    private const string ContractMetadata = "build_metadata.AdditionalFiles.ApixoContract";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var contractTexts = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
                pair.Right.GetOptions(pair.Left).TryGetValue(ContractMetadata, out var marked) && string.Equals(marked, "true", StringComparison.OrdinalIgnoreCase)
                    ? new ContractText(pair.Left.Path, pair.Left.GetText(cancellationToken)?.ToString() ?? string.Empty)
                    : null)
            .Where(static text => text is not null)
            .WithTrackingName(TrackingNames.ContractText);

        var selection = contractTexts.Collect()
            .Select(static (texts, _) => SelectContract(texts!))
            .WithTrackingName(TrackingNames.ContractSelection);

        var parsed = selection
            .Select(static (selected, _) => Parse(selected))
            .WithTrackingName(TrackingNames.Parse);

        var ns = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => GeneratedNamespace(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Namespace);

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, infos) =>
        {
            foreach (var info in infos)
            {
                spc.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(info));
            }
        });

        var units = parsed
            .Select(static (result, _) => result.Model)
            .Combine(ns)
            .SelectMany(static (pair, _) => UnitPlanner.Plan(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Units);
        context.RegisterSourceOutput(units, static (spc, unit) =>
        {
            string source;
            try
            {
                source = UnitPlanner.Emit(unit);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                spc.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(new DiagnosticInfo("APX008", new[] { unit.HintName + ": " + exception.Message }.ToEquatableArray(), null, null)));
                return;
            }

            spc.AddSource(unit.HintName, source);
        });
    }

    private static ContractSelection SelectContract(ImmutableArray<ContractText> texts) => texts.Length switch
    {
        0 => new ContractSelection(null, new DiagnosticInfo("APX001", EquatableArray<string>.Empty, null, null)),
        1 => new ContractSelection(texts[0], null),
        _ => new ContractSelection(null, new DiagnosticInfo("APX007", new[] { string.Join(", ", texts.Select(text => text.Path)) }.ToEquatableArray(), null, null)),
    };

    private static ParseResult Parse(ContractSelection selection)
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
            // The generator never throws: an unexpected failure is a diagnostic and no code at all.
            return new ParseResult(null, new[] { new DiagnosticInfo("APX008", new[] { exception.GetType().Name + ": " + exception.Message }.ToEquatableArray(), contract.Path, null) }.ToEquatableArray());
        }
    }

    private static string GeneratedNamespace(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions options) =>
        options.TryGetValue("build_property.ApixoGeneratedNamespace", out var explicitNamespace) && !string.IsNullOrWhiteSpace(explicitNamespace)
            ? explicitNamespace
            : options.TryGetValue("build_property.RootNamespace", out var rootNamespace) && !string.IsNullOrWhiteSpace(rootNamespace)
                ? rootNamespace
                : "Apixo.Generated";
}
