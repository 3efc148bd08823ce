using System.CommandLine;
using System.Globalization;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo cost</c>: the price from the contract's table, no call.</summary>
internal sealed class CostCommand(Secrets secrets, CancellationToken cancellationToken) : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var resolution = Tiers.Option();
        var count = new Option<int>("--count") { Description = "How many images.", DefaultValueFactory = _ => 1 };
        var command = new Command("cost", "Show what images cost, from the contract's prices (no call).") { resolution, count, shared.Json };
        command.SetAction((parse, token) => CommandRunner.RunAsync(parse, shared, host, secrets, io =>
        {
            var n = parse.GetValue(count);
            if (n < 1)
            {
                throw new CliInputException("--count must be at least 1.");
            }

            var tier = parse.GetValue(resolution)!;
            var total = GptImage2Pricing.PricePerImage(Tiers.Parse(tier)) * n;
            if (io.Json)
            {
                io.Result(writer =>
                {
                    writer.WriteString("resolution", tier);
                    writer.WriteNumber("count", n);
                    writer.WriteNumber("estimatedCost", total);
                    writer.WriteString("currency", GptImage2Pricing.Currency);
                });
            }
            else
            {
                io.Say(string.Create(CultureInfo.InvariantCulture, $"{n} image(s) at {tier}: {total} {GptImage2Pricing.Currency}"));
            }

            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));
        return command;
    }
}
