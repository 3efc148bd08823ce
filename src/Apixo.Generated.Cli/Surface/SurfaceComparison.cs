namespace Apixo.Generated.Cli.Surface;

/// <summary>Which contract of the pair a diagnostic is about.</summary>
internal enum SurfaceSide
{
    /// <summary>The contract before the change.</summary>
    Old,

    /// <summary>The contract after the change.</summary>
    New,
}

/// <summary>The step of making the generated client that reported a diagnostic.</summary>
internal enum SurfaceStage
{
    /// <summary>NSwag's C# generator (DTOs and the Refit interface).</summary>
    NSwag,

    /// <summary>A source generator: ours (builders, tables; APX ids) or System.Text.Json's.</summary>
    Generator,

    /// <summary>The C# compiler, on the declarations of the generated client.</summary>
    Compiler,
}

/// <summary>A reason a contract's client could not be made, or a warning its generators gave.</summary>
/// <param name="Side">The contract it is about.</param>
/// <param name="Stage">The step that reported it.</param>
/// <param name="Id">The diagnostic's id (<c>APX003</c>, <c>CS0246</c>), or <c>NSwag</c> for an exception of NSwag's.</param>
/// <param name="IsError">An error (the client's build would fail), or a warning.</param>
/// <param name="Message">What it says.</param>
/// <param name="Line">The 1-based line in the contract (ours) or in the generated file (the compiler), when known.</param>
internal sealed record SurfaceDiagnostic(SurfaceSide Side, SurfaceStage Stage, string Id, bool IsError, string Message, int? Line)
{
    /// <summary>One line: <c>new contract: error APX003 (line 12): …</c>.</summary>
    public override string ToString() =>
        $"{(Side == SurfaceSide.Old ? "old" : "new")} contract: {(IsError ? "error" : "warning")} {Id}{(Line is { } line ? $" (line {line})" : string.Empty)}: {Message}";
}

/// <summary>The change to the generated client's public surface between two contracts.</summary>
/// <param name="Changes">Every change, sorted by symbol; empty when nothing changed or when <see cref="Compared"/> is false.</param>
/// <param name="Diagnostics">Errors that kept a contract from generating, and warnings of the generators.</param>
/// <param name="Elapsed">How long the whole comparison took (both generations, both compilations, the diff).</param>
internal sealed record SurfaceComparison(IReadOnlyList<SurfaceChange> Changes, IReadOnlyList<SurfaceDiagnostic> Diagnostics, TimeSpan Elapsed)
{
    /// <summary>Whether both contracts generated a client: false when either has an error, and then no change is known.</summary>
    public bool Compared => !Diagnostics.Any(diagnostic => diagnostic.IsError);

    /// <summary>Whether any change can break code built against the old package.</summary>
    public bool IsBreaking => Changes.Any(change => change.Breaking);
}
