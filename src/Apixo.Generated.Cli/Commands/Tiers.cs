using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary>The resolution tiers as <c>wait</c> and <c>cost</c> read them, from the contract's table: the schedule and the price.</summary>
internal static class Tiers
{
    public static Option<string> Option(string description = "the price, and the polling schedule and deadline of a wait")
    {
        var contractDefault = ResolutionValues.ToWire(ResolutionValues.Default);
        var option = new Option<string>("--resolution")
        {
            Description = $"{description}: {string.Join(", ", ResolutionValues.WireValues)} (default {contractDefault}).",
            HelpName = string.Join("|", ResolutionValues.WireValues),
            DefaultValueFactory = _ => contractDefault,
        };
        // One line that names the option and its choices (AcceptOnlyFromAmong prints a multi-line list without the option).
        option.Validators.Add(result =>
        {
            var given = result.GetValueOrDefault<string>();
            if (!ResolutionValues.TryParse(given, out _))
            {
                result.AddError($"--resolution: '{given}' is not one of {string.Join(", ", ResolutionValues.WireValues)}.");
            }
        });
        return option;
    }

    public static Resolution Parse(string? wire) => ResolutionValues.TryParse(wire, out var tier) ? tier : ResolutionValues.Default;
}
