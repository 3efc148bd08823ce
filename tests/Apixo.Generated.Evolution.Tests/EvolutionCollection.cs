using Apixo.Generated.Evolution.Tests.TestSupport;

namespace Apixo.Generated.Evolution.Tests;

/// <summary>Every scenario shares the one scratch copy, so they run one after the other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EvolutionCollection : ICollectionFixture<ScratchRepository>
{
    public const string Name = "Contract evolution";
}
