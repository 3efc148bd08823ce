using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
namespace Apixo.Generated.Generator.Model;

/// <summary>The contract file as the pipeline carries it: its path and its text.</summary>
internal sealed record ContractText(string Path, string Text);

/// <summary>The files to emit and every diagnostic: what the generator does with one contract.</summary>
internal sealed record GenerationPlan(EquatableArray<EmitUnit> Units, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The one contract file of the compilation, or the diagnostic that says why there is none.</summary>
internal sealed record ContractSelection(ContractText? Contract, DiagnosticInfo? Problem);
