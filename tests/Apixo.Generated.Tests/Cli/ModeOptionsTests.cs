using System.CommandLine;
using Apixo.Generated.Cli;

namespace Apixo.Generated.Tests.Cli;

/// <summary>
/// The options <c>generate</c> makes from a modes table with every kind of field (today's contract has only text, enums
/// and URLs; a contract edit that adds the others is tried end to end by FieldKindsEndToEndTests and by hand).
/// </summary>
public sealed class ModeOptionsTests
{
    private static readonly string[] None = [];

    private static GptImage2Field Field(string wire, bool required = false, bool repeated = false, string kind = "text") =>
        new(wire, wire + " description.", required, repeated, null, null, null, null, None, null, None, Kind: kind);

    private static readonly GptImage2Mode Mode = new("only", "The one mode.",
    [
        Field("count", required: true, kind: "integer"),
        Field("prompt", required: true),
        Field("guidance", kind: "number") with { Description = "How closely to follow (a number at least 0 and at most 20).", Default = "7.5", Minimum = 0m, Maximum = 20m },
        Field("enhance", kind: "boolean") with { Default = "false" },
        Field("seeds", repeated: true, kind: "integer") with { MaxItems = 4, CommaSeparated = true },
        Field("styles", repeated: true, kind: "enum") with { Choices = ["a", "b-c"], CommaSeparated = true, UniqueItems = true },
        Field("tags", repeated: true) with { Pattern = "^[a-z]+$", MinItems = 1, MaxItems = 3, UniqueItems = true },
    ]);

    private static readonly ModeOptions Options = new([Mode]);

    private static Option Named(string name) => Options.Options.Single(option => option.Name == name);

    [Fact]
    public void The_positional_argument_is_the_required_text_field_never_a_required_number()
    {
        Assert.Equal("prompt", Options.Positional?.Name);
        Assert.IsType<Option<string?>>(Named("--count"));
        Assert.Equal("integer", Named("--count").HelpName);
    }

    [Fact]
    public void A_number_option_shows_its_kind_limits_and_the_default_the_server_applies()
    {
        var guidance = Named("--guidance");

        Assert.Equal("number", guidance.HelpName);
        Assert.Equal("How closely to follow (a number at least 0 and at most 20) (left out: not sent, and the server applies 7.5).", guidance.Description);
        Assert.Equal("true|false", Named("--enhance").HelpName);
    }

    [Fact]
    public void A_list_of_numbers_or_enum_values_is_repeated_or_comma_separated_and_says_so()
    {
        var seeds = Assert.IsType<Option<string[]>>(Named("--seeds"));
        Assert.Contains("(repeat the option or separate values with commas: 0 to 4)", seeds.Description, StringComparison.Ordinal);
        var styles = Assert.IsType<Option<string[]>>(Named("--styles"));
        Assert.Equal("a|b-c", styles.HelpName);
        Assert.Contains(", no repeats)", styles.Description, StringComparison.Ordinal);

        var command = new RootCommand { Options.Positional! };
        foreach (var option in Options.Options)
        {
            command.Add(option);
        }

        // The list's values reach the generated parser as given: "a,b-c" is split there, with the contract's choices.
        var parse = command.Parse(["p", "--count", "1", "--styles", "a,b-c", "--styles", "a", "--seeds", "1,2"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(["a,b-c", "a"], parse.GetValue(styles)!);
    }

    [Fact]
    public void A_text_list_is_repeated_only_and_shows_its_pattern()
    {
        var tags = Named("--tags");

        Assert.Equal("tags description (matching ^[a-z]+$) (repeat the option: 1 to 3, no repeats).", tags.Description);
    }
}
