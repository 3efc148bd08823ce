using Apixo.Generated.Cli.Contract;
using Apixo.Generated.Cli.Contract.Diff;
using Apixo.Generated.Cli.Surface;
using Apixo.Generated.Tests.TestSupport;

namespace Apixo.Generated.Tests.Surface;

/// <summary>
/// How a contract that does not generate a client shows in <c>contract diff</c>: the new contract's NSwag or compiler
/// errors are breaking lines (our generator's are the model diff's already), and the old contract's only say why the
/// surface was not compared. On hand-made comparisons: no real contract today makes NSwag or the compiler fail.
/// </summary>
public sealed class SurfaceChangeLinesTests
{
    private static readonly ContractFile Contract = ContractFile.Load(ContractDocument.Text);

    private static SurfaceDiagnostic Error(SurfaceSide side, SurfaceStage stage, string id) =>
        new(side, stage, id, IsError: true, $"{id} said no", Line: 12);

    [Fact]
    public void The_new_contracts_NSwag_and_compiler_errors_are_breaking_lines_and_our_generators_are_not_repeated()
    {
        var comparison = new SurfaceComparison(
            [],
            [
                Error(SurfaceSide.New, SurfaceStage.NSwag, "NSwag"),
                Error(SurfaceSide.New, SurfaceStage.Compiler, "CS0542"),
                Error(SurfaceSide.New, SurfaceStage.Generator, "APX006"),
                Error(SurfaceSide.Old, SurfaceStage.Compiler, "CS0101"),
                new(SurfaceSide.New, SurfaceStage.Generator, "CS8785", IsError: false, "a warning", null),
            ],
            TimeSpan.FromSeconds(1));

        var lines = SurfaceChanges.Of(comparison, Contract, Contract);

        Assert.Equal(
            [
                "Breaking C# client: the new contract does not generate a client: NSwag NSwag: NSwag said no (line 1)",
                "Breaking C# client: the new contract does not generate a client: Compiler CS0542: CS0542 said no (line 1)",
            ],
            lines.Select(line => $"{line.Kind} {line.Where}: {line.What} (line {line.Line.Number})"));
        Assert.False(comparison.Compared);
    }

    [Fact]
    public void A_surface_not_compared_says_why_and_how_long_it_took()
    {
        var check = new SurfaceCheck(Compared: false, TimeSpan.FromSeconds(2.25), ["old contract: error CS0101 (line 12): CS0101 said no"]);

        Assert.Equal("Generated C# surface: not compared (2.3 s): old contract: error CS0101 (line 12): CS0101 said no", check.Describe());
        Assert.Equal("Generated C# surface: both clients generated and compared in 2.3 s.", (check with { Compared = true }).Describe());
    }

    [Fact]
    public void A_constant_whose_value_alone_changed_is_cosmetic_and_a_new_member_additive()
    {
        var comparison = new SurfaceComparison(
            [
                new(SurfaceChangeKind.Changed, "Apixo.Generated.AspectRatioValues.Description", "public const string Description = \"a\"", "public const string Description = \"b\"", Breaking: false),
                new(SurfaceChangeKind.Added, "Apixo.Generated.TaskStatusData.Progress", null, "public int? Progress { get; set; }", Breaking: false),
                new(SurfaceChangeKind.Added, "Apixo.Generated.BalanceResponse.Currency", null, "public required string Currency { get; set; }", Breaking: true),
            ],
            [],
            TimeSpan.Zero);

        var kinds = SurfaceChanges.Of(comparison, Contract, Contract).Select(line => (line.Where, line.Kind)).ToList();

        Assert.Equal(
            [
                ("C# Apixo.Generated.AspectRatioValues.Description", ChangeKind.Cosmetic),
                ("C# Apixo.Generated.TaskStatusData.Progress", ChangeKind.Additive),
                ("C# Apixo.Generated.BalanceResponse.Currency", ChangeKind.Breaking),
            ],
            kinds);
    }
}
