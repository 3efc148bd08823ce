using Apixo.Generated.Generator.Pipeline;
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
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var contractTexts = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => PipelineSteps.ReadIfContract(pair.Left, pair.Right, cancellationToken))
            .Where(static text => text is not null)
            .WithTrackingName(TrackingNames.ContractText);

        var parsed = contractTexts.Collect()
            .Select(static (texts, _) => PipelineSteps.Select(texts!))
            .WithTrackingName(TrackingNames.ContractSelection)
            .Select(static (selection, _) => PipelineSteps.Parse(selection))
            .WithTrackingName(TrackingNames.Parse);

        var ns = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => PipelineSteps.Namespace(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Namespace);

        var plan = parsed
            .Combine(ns)
            .Select(static (pair, _) => PipelineSteps.Plan(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Plan);

        var diagnostics = plan
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, PipelineSteps.ReportDiagnostics);

        var units = plan
            .SelectMany(static (result, _) => result.Units)
            .WithTrackingName(TrackingNames.Units);
        context.RegisterSourceOutput(units, PipelineSteps.AddSource);
    }
}
