using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>One difference between two versions of the contract, and where it is.</summary>
/// <param name="Kind">How much it matters.</param>
/// <param name="Where">What it is about: <c>Schema.field</c>, <c>GET /path</c>, <c>x-apixo-…</c>, <c>mode `…`</c>.</param>
/// <param name="What">What happened, and for a breaking change why it breaks.</param>
/// <param name="Line">Its line in the new file, or in the old one for something removed.</param>
internal sealed record ContractChange(ChangeKind Kind, string Where, string What, ChangeLine Line);

/// <summary>
/// A change's 1-based YAML line: in the new file, or (<see cref="InOld"/>) in the old one for something removed. For an
/// annotation on the new file (a pull request shows only that one), <see cref="NewLine"/> is the nearest line there.
/// </summary>
internal readonly record struct ChangeLine(int Number, bool InOld, int NewLine)
{
    /// <summary>A line of the new file.</summary>
    public static ChangeLine New(YamlNode node) => new(LineOf(node), false, LineOf(node));

    /// <summary>A line of the old file, for something removed; <paramref name="nearestInNew"/> is what still holds it.</summary>
    public static ChangeLine Old(YamlNode removed, YamlNode? nearestInNew) => new(LineOf(removed), true, nearestInNew is null ? 1 : LineOf(nearestInNew));

    /// <summary>The first line of the new file, for a change of the document as a whole.</summary>
    public static ChangeLine Top => new(1, false, 1);

    private static int LineOf(YamlNode node) => Math.Max(1, (int)node.Start.Line);
}
