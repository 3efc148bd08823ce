using Apixo.Generated.Generator.Model;

namespace Apixo.Generated.Generator.Diagnostics;

/// <summary>A place in the contract: zero-based line and column, and character offsets.</summary>
internal sealed record SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn, int StartIndex, int EndIndex);

/// <summary>
/// A diagnostic as plain data (id, message arguments, file and span), so that it can flow through the
/// pipeline and be compared. It becomes a Roslyn <c>Diagnostic</c> only when reported.
/// </summary>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Args, string? FilePath, SourceSpan? Span);
