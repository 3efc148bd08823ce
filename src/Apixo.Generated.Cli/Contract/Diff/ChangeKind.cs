namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>How much a change matters to the code that uses the contract.</summary>
internal enum ChangeKind
{
    /// <summary>Only text (descriptions, examples, summaries), or nothing the generated package or the wire sees.</summary>
    Cosmetic,

    /// <summary>Existing callers keep compiling and working: something new or wider, or a behaviour the contract states anew.</summary>
    Additive,

    /// <summary>An existing caller can break: a public member removed, renamed or changed, or the wire narrowed.</summary>
    Breaking,
}
