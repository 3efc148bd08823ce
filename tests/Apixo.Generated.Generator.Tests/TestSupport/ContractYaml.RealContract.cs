namespace Apixo.Generated.Generator.Tests.TestSupport;

internal sealed partial class ContractYaml
{
    /// <summary>The repository's contract, as the harness embeds it.</summary>
    public ContractYaml()
        : this(GeneratorHarness.RealContract)
    {
    }
}
