namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>The semver step of the generated package a contract change calls for.</summary>
internal enum Verdict
{
    /// <summary>The two contracts say the same (comments and layout aside).</summary>
    None,

    /// <summary>Only cosmetic changes.</summary>
    Patch,

    /// <summary>At least one additive change, none breaking.</summary>
    Minor,

    /// <summary>At least one breaking change.</summary>
    Major,
}

/// <summary>How the verdict follows from the changes.</summary>
internal static class Verdicts
{
    /// <summary>
    /// The verdict of the wire and model changes, together with <paramref name="surface"/>: changes of the generated C#
    /// public surface found by another component (a removed or changed public member is breaking whatever the wire rules say).
    /// </summary>
    public static Verdict Of(IEnumerable<ContractChange> changes, IEnumerable<ContractChange>? surface = null)
    {
        var all = surface is null ? changes.ToList() : changes.Concat(surface).ToList();
        return all.Any(c => c.Kind == ChangeKind.Breaking) ? Verdict.Major
            : all.Any(c => c.Kind == ChangeKind.Additive) ? Verdict.Minor
            : all.Count > 0 ? Verdict.Patch
            : Verdict.None;
    }

    /// <summary>The verdict as the reports write it: none, patch, minor, major.</summary>
    public static string Text(this Verdict verdict) => verdict.ToString().ToLowerInvariant();
}
