namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>
/// <c>apixo contract diff</c>: every difference between two versions of the contract, each classified, named and placed
/// on its YAML line. Three parts, each on what it knows best: the typed model the generator reads (<see cref="ModelDiff"/>:
/// modes, member names, tables, errors, delivery), the wire shape (<see cref="WireDiff"/>), and the rest of the
/// document (<see cref="DocumentDiff"/>: text, examples, keys no rule reads). The verdict is the generated package's
/// semver (<see cref="Verdicts"/>); the C# surface diff, a separate component, adds its changes there.
/// </summary>
internal static class ContractDiff
{
    /// <exception cref="FormatException">A contract is not one YAML mapping.</exception>
    /// <exception cref="YamlDotNet.Core.YamlException">A contract is not YAML.</exception>
    public static IReadOnlyList<ContractChange> Compare(string oldYaml, string newYaml, string oldPath = "old.yaml", string newPath = "new.yaml")
    {
        var before = ContractFile.Load(oldYaml);
        var after = ContractFile.Load(newYaml);
        var (modelChanges, claimed) = ModelDiff.Compare(oldPath, oldYaml, before, newPath, newYaml, after);
        return modelChanges
            .Concat(WireDiff.Compare(before, after, claimed))
            .Concat(DocumentDiff.Compare(before, after))
            .Distinct()
            .ToList();
    }
}
