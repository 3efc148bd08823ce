using Apixo.Generated.Cli.Surface;

namespace Apixo.Generated.Tests.Surface;

/// <summary>The comparison's matching rules on hand-made surfaces: overloads, and renames it must not guess.</summary>
public sealed class SurfaceDiffTests
{
    private static SurfaceMember Method(string name, string parameters, string declaration) =>
        new(name, parameters, declaration, MustBeProvided: false, Unnamed: declaration.Replace(" " + name + "(", " (", StringComparison.Ordinal));

    private static SurfaceMember Property(string name, string type) =>
        new(name, string.Empty, $"public static {type} {name} {{ get; }}", MustBeProvided: false, Unnamed: $"public static {type} {{ get; }}");

    private static Dictionary<string, SurfaceType> Surface(params SurfaceMember[] members) =>
        new() { ["N.T"] = new SurfaceType("N.T", "public static class N.T", members) };

    [Fact]
    public void Overloads_are_matched_by_their_parameter_types()
    {
        var before = Surface(Method("Describe", "(int)", "public static string Describe(int status)"), Method("Describe", "(string)", "public static string Describe(string kind)"));
        var after = Surface(Method("Describe", "(int)", "public static string? Describe(int status)"), Method("Describe", "(long)", "public static string Describe(long status)"));

        Assert.Equal(
            [
                "changed N.T.Describe(int): public static string Describe(int status) → public static string? Describe(int status) (breaking)",
                "added N.T.Describe(long): public static string Describe(long status)",
                "removed N.T.Describe(string): public static string Describe(string kind) (breaking)",
            ],
            SurfaceDiff.Compare(before, after).Select(change => change.ToString()));
    }

    [Fact]
    public void A_rename_is_paired_only_when_one_member_of_that_shape_went_and_one_came()
    {
        var before = Surface(Property("A", "int"), Property("B", "int"), Property("C", "string"));
        var after = Surface(Property("X", "int"), Property("Y", "int"), Property("Z", "string"));

        Assert.Equal(
            [
                "removed N.T.A: public static int A { get; } (breaking)",
                "removed N.T.B: public static int B { get; } (breaking)",
                "changed N.T.C: public static string C { get; } → public static string Z { get; } (breaking)",
                "added N.T.X: public static int X { get; }",
                "added N.T.Y: public static int Y { get; }",
            ],
            SurfaceDiff.Compare(before, after).Select(change => change.ToString()));
    }
}
