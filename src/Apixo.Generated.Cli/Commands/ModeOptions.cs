using System.CommandLine;
using System.Globalization;
using System.Text;

namespace Apixo.Generated.Cli;

/// <summary>
/// The options of <c>generate</c>, made from the contract's modes and fields (<c>GptImage2Modes</c>): every mode is
/// reachable, every field is an option named after its wire name in kebab case, with its choices, limits and
/// default in the help, and the request is built by the generated builders from what was given.
/// </summary>
internal sealed class ModeOptions
{
    private readonly Dictionary<string, Option> _fields = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<GptImage2Mode> _modes;

    public ModeOptions()
        : this(GptImage2Modes.All)
    {
    }

    /// <summary>The options of <paramref name="modes"/>: the contract's (<c>GptImage2Modes.All</c>), or a test's own table.</summary>
    internal ModeOptions(IReadOnlyList<GptImage2Mode> modes)
    {
        _modes = modes;
        // The text field every mode requires (the prompt) is the command's argument; the rest are options.
        var positional = modes[0].Fields.FirstOrDefault(field =>
            field is { Required: true, Nullable: false, Repeated: false, Kind: "text", Choices.Count: 0, Schemes.Count: 0 }
            && modes.All(mode => mode.Fields.Any(other => other.Wire == field.Wire && other.Required)));
        if (positional is not null)
        {
            Positional = new Argument<string>(positional.Wire) { Description = Describe(modes, positional, allModes: true) };
        }

        Mode = new Option<string?>("--mode")
        {
            Description = "The request's mode: " + string.Join(", ", modes.Select(mode => $"{mode.Wire} ({mode.Summary.TrimEnd('.')})"))
                + $". Left out: the first mode that takes every option given ({modes[0].Wire} when none needs more).",
            HelpName = string.Join("|", modes.Select(mode => mode.Wire)),
        };
        // Offered, not checked here: the generated TryBuild refuses an unknown mode as /input/mode, one line that
        // names it, where the parser's check would name neither the option nor the field.
        Mode.CompletionSources.Add([.. modes.Select(mode => mode.Wire)]);

        foreach (var field in modes.SelectMany(mode => mode.Fields).DistinctBy(field => field.Wire))
        {
            if (field.Wire == positional?.Wire)
            {
                continue;
            }

            var name = "--" + field.Wire.Replace('_', '-');
            var allModes = modes.All(mode => mode.Fields.Any(other => other.Wire == field.Wire));
            Option option = field.Repeated
                ? new Option<string[]>(name) { Description = Describe(modes, field, allModes), AllowMultipleArgumentsPerToken = false }
                : new Option<string?>(name) { Description = Describe(modes, field, allModes) };
            if (field.Choices.Count > 0 && option is Option<string?> choice)
            {
                // As for --mode: the generated builder refuses any other value, naming the field and its choices.
                choice.CompletionSources.Add([.. field.Choices]);
            }

            // A list's choices are checked by GptImage2Modes, which also splits "a,b" where the items hold no comma.
            option.HelpName = field.Choices.Count > 0 ? string.Join("|", field.Choices) : field.Kind switch
            {
                "integer" => "integer",
                "number" => "number",
                "boolean" => "true|false",
                _ => option.HelpName,
            };

            _fields[field.Wire] = option;
        }
    }

    public Argument<string>? Positional { get; }

    public Option<string?> Mode { get; }

    public IEnumerable<Option> Options => [Mode, .. _fields.Values];

    /// <summary>Builds the request from what the command line gave, through the generated builders.</summary>
    public bool TryBuild(ParseResult parse, string? callbackUrl, out GenerateTaskRequest? request, out IReadOnlyList<ApixoValidationError> errors)
    {
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Positional is not null)
        {
            values[Positional.Name] = [parse.GetValue(Positional) ?? string.Empty];
        }

        foreach (var (wire, option) in _fields)
        {
            switch (option)
            {
                case Option<string[]> list when parse.GetValue(list) is { Length: > 0 } items:
                    values[wire] = items;
                    break;
                case Option<string?> single when parse.GetValue(single) is { } value:
                    values[wire] = [value];
                    break;
            }
        }

        return GptImage2Modes.TryBuild(parse.GetValue(Mode) ?? ModeFor(_modes, values.Keys), values, callbackUrl, out request, out errors);
    }

    // The first mode that takes every field given and whose required fields are all there; else the first that
    // takes every field given (its builder then names what is missing); else the first mode.
    private static string ModeFor(IReadOnlyList<GptImage2Mode> modes, IEnumerable<string> given)
    {
        var names = given.ToHashSet(StringComparer.Ordinal);
        var fitting = modes.Where(mode => names.All(name => mode.Fields.Any(field => field.Wire == name))).ToList();
        return (fitting.FirstOrDefault(mode => mode.Fields.Where(field => field.Required).All(field => names.Contains(field.Wire)))
            ?? fitting.FirstOrDefault()
            ?? modes[0]).Wire;
    }

    private static string Describe(IReadOnlyList<GptImage2Mode> modes, GptImage2Field field, bool allModes)
    {
        var text = new StringBuilder(field.Description.TrimEnd('.'));
        if (field.Choices.Count > 0)
        {
            text.Append(": ").Append(string.Join(", ", field.Choices));
        }

        if (field.MinLength is not null || field.MaxLength is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({field.MinLength ?? 0} to {(field.MaxLength is { } max ? max.ToString(CultureInfo.InvariantCulture) : "any number of")} characters)");
        }

        if (field.Pattern is { } pattern)
        {
            text.Append(" (matching ").Append(pattern).Append(')');
        }

        if (field.Repeated)
        {
            text.Append(CultureInfo.InvariantCulture, $" (repeat the option{(field.CommaSeparated ? " or separate values with commas" : string.Empty)}: {field.MinItems ?? 0} to {(field.MaxItems is { } maxItems ? maxItems.ToString(CultureInfo.InvariantCulture) : "any number")}{(field.UniqueItems ? ", no repeats" : string.Empty)})");
        }

        if (field.Schemes.Count > 0)
        {
            text.Append(" (").Append(string.Join(" or ", field.Schemes)).Append(" URLs)");
        }

        if (field.Default is { } defaultValue)
        {
            text.Append(" (left out: not sent, and the server applies ").Append(defaultValue).Append(')');
        }

        if (!allModes)
        {
            var taking = modes.Where(mode => mode.Fields.Any(other => other.Wire == field.Wire)).Select(mode => mode.Wire);
            text.Append(" [").Append(field.Required ? "required in " : "in ").Append(string.Join(", ", taking)).Append(']');
        }

        return text.Append('.').ToString();
    }
}
