namespace Apixo.Generated.Cli.Surface;

/// <summary>What happened to one public symbol of the generated client between two contracts.</summary>
internal enum SurfaceChangeKind
{
    /// <summary>The new contract generates a symbol the old one did not.</summary>
    Added,

    /// <summary>The old contract generated a symbol the new one does not.</summary>
    Removed,

    /// <summary>Both generate the symbol, with different declarations.</summary>
    Changed,
}

/// <summary>One change to the C# public surface that a contract generates.</summary>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="Symbol">
/// The symbol: a type's full name, or its type's full name and the member's name (with the parameter types where the
/// name is overloaded).
/// </param>
/// <param name="Old">The declaration the old contract generates; null when added.</param>
/// <param name="New">The declaration the new contract generates; null when removed.</param>
/// <param name="Breaking">
/// Whether code built against the old package can fail to compile or to run against the new one: every removal and
/// every change (but a constant's new value, which old code copied and keeps), and an addition that existing code must
/// now provide (a <c>required</c> member, which every object initializer lacks, or an abstract member of a class). A method
/// added to the Refit interface is not breaking: Refit implements it, and a new operation is additive.
/// </param>
internal sealed record SurfaceChange(SurfaceChangeKind Kind, string Symbol, string? Old, string? New, bool Breaking)
{
    /// <summary>One line: <c>changed Apixo.Generated.X.Y: old → new</c>, with <c>(breaking)</c> where it is.</summary>
    public override string ToString()
    {
        var what = Kind switch
        {
            SurfaceChangeKind.Added => $"added {Symbol}: {New}",
            SurfaceChangeKind.Removed => $"removed {Symbol}: {Old}",
            _ => $"changed {Symbol}: {Old} → {New}",
        };
        return Breaking ? what + " (breaking)" : what;
    }
}
