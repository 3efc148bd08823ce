using Apixo.Generated.Contract.Model;

namespace Apixo.Generated.Contract.Diagnostics;

/// <summary>A place in the contract: zero-based line and column, and character offsets.</summary>
internal sealed record SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn, int StartIndex, int EndIndex);

/// <summary>
/// A diagnostic as plain data (what it is, its message arguments, file and span), so that it can flow through
/// the pipeline and be compared. It becomes a Roslyn <c>Diagnostic</c> only when the generator reports it.
/// </summary>
internal sealed record DiagnosticInfo(ContractDiagnostic Descriptor, EquatableArray<string> Args, string? FilePath, SourceSpan? Span)
{
    /// <summary>The descriptor's id (APX…).</summary>
    public string Id => Descriptor.Id;

    /// <summary>The message, as the build and <c>apixo contract lint</c> print it.</summary>
    public string Message => Descriptor.Format(Args);
}
