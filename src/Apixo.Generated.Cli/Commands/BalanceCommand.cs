using System.CommandLine;
using System.Globalization;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo balance</c>: the key's balance.</summary>
internal sealed class BalanceCommand(Secrets secrets, CancellationToken cancellationToken) : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var command = new Command("balance", $"Show the key's balance in {GptImage2Pricing.Currency}.");
        foreach (var option in shared.Connection)
        {
            command.Add(option);
        }

        command.SetAction((parse, token) => CommandRunner.RunAsync(parse, shared, host, secrets, async io =>
        {
            await using var target = await shared.OpenAsync(parse, host, io, token).ConfigureAwait(false);
            var usd = await target.Client.GetBalanceAsync(token).ConfigureAwait(false);
            if (io.Json)
            {
                io.Result(writer => writer.WriteNumber("balance", usd));
            }
            else
            {
                // The balance pays the contract's prices, so it is in their currency.
                io.Say(string.Create(CultureInfo.InvariantCulture, $"Balance: {usd} {GptImage2Pricing.Currency}"));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
