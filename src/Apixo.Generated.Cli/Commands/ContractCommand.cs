using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo contract diff|lint</c>: review a contract change before code.</summary>
internal sealed class ContractCommand : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var stdout = host.Stdout;
        var stderr = host.Stderr;
        var oldSpec = new Argument<string>("old") { Description = "The contract before the change (a file)." };
        var newSpec = new Argument<string>("new") { Description = "The contract after the change (a file)." };
        var format = new Option<string>("--format") { Description = "text, markdown or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var spec = new Argument<string>("spec") { Description = "The contract to check (a file)." };
        var diff = new Command("diff", "Classify every change between two contracts as breaking, additive or cosmetic, with a semver verdict. Exits 1 when a change is breaking.") { oldSpec, newSpec, format };
        var lint = new Command("lint", "The generator's diagnostics, completeness rules, and schema keywords that mean nothing where they stand. Exits 1 on any error.") { spec };

        diff.SetAction(parse =>
        {
            if (!TryRead(parse.GetValue(oldSpec)!, stderr, out var before) || !TryRead(parse.GetValue(newSpec)!, stderr, out var after))
            {
                return ExitCodes.InvalidInput;
            }

            IReadOnlyList<Contract.ContractChange> changes;
            try
            {
                changes = Contract.ContractDiff.Compare(before, after);
            }
            catch (Exception exception) when (exception is FormatException or YamlDotNet.Core.YamlException)
            {
                stderr.WriteLine("apixo: a contract is not valid YAML: " + exception.Message.ReplaceLineEndings(" "));
                return ExitCodes.InvalidInput;
            }

            Contract.ContractReport.Write(stdout, changes, parse.GetValue(format)!);
            return changes.Any(c => c.Kind == Contract.ChangeKind.Breaking) ? 1 : ExitCodes.Success;
        });

        lint.SetAction(parse =>
        {
            var file = parse.GetValue(spec)!;
            if (!TryRead(file, stderr, out var text))
            {
                return ExitCodes.InvalidInput;
            }

            var findings = Contract.ContractLint.Run(file, text);
            foreach (var finding in findings)
            {
                stdout.WriteLine($"{file}{(finding.Line is { } line ? $"({line})" : string.Empty)}: error {finding.Id}: {finding.Message}");
            }

            stdout.WriteLine(findings.Count == 0 ? "The contract is complete: no findings." : $"{findings.Count} finding(s).");
            return findings.Count == 0 ? ExitCodes.Success : 1;
        });

        return new Command("contract", "Review a contract change before code.") { diff, lint };
    }

    private static bool TryRead(string path, TextWriter stderr, out string text)
    {
        try
        {
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine("apixo: " + exception.Message);
            text = string.Empty;
            return false;
        }
    }
}
