using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo contract diff|lint</c>: review a contract change before code.</summary>
internal sealed class ContractCommand : ICliCommand
{
    public Command Create(SharedOptions shared, CliHost host)
    {
        var stdout = host.Stdout;
        var stderr = host.Stderr;
        var files = new Argument<string[]>("files")
        {
            Description = "The contract before and after the change (two files); with --base, the contract after (default openapi/gpt-image-2.yaml).",
            Arity = new ArgumentArity(0, 2),
        };
        var baseRef = new Option<string?>("--base") { Description = "Compare the working copy of the spec with the same file at this git ref (a branch, tag or commit)." };
        var format = new Option<string>("--format") { Description = "text, markdown, json or github (workflow annotations on the YAML lines).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Contract.ContractReport.Formats);
        var noSurface = new Option<bool>("--no-surface") { Description = "Skip the generated C# surface comparison (NSwag, the generators and the compiler in process, a few seconds): the wire and model rules only." };
        var spec = new Argument<string>("spec") { Description = "The contract to check (a file)." };
        var diff = new Command("diff", "Classify every change between two contracts as breaking, additive or cosmetic, each on its YAML line, with a semver verdict. Exits 1 when a change is breaking, 2 on bad input.") { files, baseRef, format, noSurface };
        var lint = new Command("lint", "The generator's diagnostics, completeness rules, and schema keywords that mean nothing where they stand. Exits 1 on any error.") { spec };

        diff.SetAction((parse, cancellationToken) => DiffAsync(parse.GetValue(files) ?? [], parse.GetValue(baseRef), parse.GetValue(format)!, !parse.GetValue(noSurface), stdout, stderr, cancellationToken));

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

    /// <summary>The exit code of <c>contract diff</c> when a change is breaking.</summary>
    public const int BreakingChange = 1;

    /// <summary>The spec <c>contract diff --base</c> compares when none is named.</summary>
    public const string DefaultSpec = "openapi/gpt-image-2.yaml";

    private static async Task<int> DiffAsync(string[] files, string? baseRef, string format, bool surface, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string before, after, oldName, newName;
        if (baseRef is not null)
        {
            if (files.Length > 1)
            {
                stderr.WriteLine("apixo: with --base, give at most one spec (the working copy); the other side is the same file at the ref.");
                return ExitCodes.InvalidInput;
            }

            var path = files.Length == 1 ? files[0] : DefaultSpec;
            if (!TryRead(path, stderr, out after))
            {
                return ExitCodes.InvalidInput;
            }

            if (!Contract.GitBaseContract.TryRead(path, baseRef, out before, out var repositoryPath, out var error))
            {
                stderr.WriteLine("apixo: " + error);
                return ExitCodes.InvalidInput;
            }

            (oldName, newName) = ($"{baseRef}:{repositoryPath}", repositoryPath);
        }
        else if (files.Length != 2)
        {
            stderr.WriteLine("apixo: contract diff takes two files (old, new), or --base <git-ref> and at most one.");
            return ExitCodes.InvalidInput;
        }
        else
        {
            if (!TryRead(files[0], stderr, out before) || !TryRead(files[1], stderr, out after))
            {
                return ExitCodes.InvalidInput;
            }

            (oldName, newName) = (files[0], files[1]);
        }

        IReadOnlyList<Contract.Diff.ContractChange> changes;
        try
        {
            changes = Contract.Diff.ContractDiff.Compare(before, after, oldName, newName);
        }
        catch (Exception exception) when (exception is FormatException or YamlDotNet.Core.YamlException)
        {
            stderr.WriteLine("apixo: a contract is not valid YAML: " + exception.Message.ReplaceLineEndings(" "));
            return ExitCodes.InvalidInput;
        }

        var review = new Contract.ContractReview(changes, oldName, newName);
        if (surface)
        {
            // After the wire diff: both texts are one YAML mapping each.
            var comparison = await Surface.GeneratedSurface.CompareAsync(before, after, cancellationToken).ConfigureAwait(false);
            var problems = comparison.Diagnostics.Where(d => d.IsError && d.Side == Surface.SurfaceSide.Old).Select(d => d.ToString()).ToList();
            if (!comparison.Compared && problems.Count == 0)
            {
                problems.Add("the new contract does not generate a client (its errors are listed as breaking changes)");
            }

            review = review with
            {
                Surface = Contract.Diff.SurfaceChanges.Of(comparison, Contract.Diff.ContractFile.Load(before), Contract.Diff.ContractFile.Load(after)),
                SurfaceCheck = new(comparison.Compared, comparison.Elapsed, problems),
            };
        }

        Contract.ContractReport.Write(stdout, review, format);
        return review.Verdict == Contract.Diff.Verdict.Major ? BreakingChange : ExitCodes.Success;
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
