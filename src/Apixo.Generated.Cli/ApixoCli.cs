using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary>The <c>apixo</c> command line: generate, status, wait, cost, balance, sandbox and contract.</summary>
public static class ApixoCli
{
    /// <summary>Runs <paramref name="args"/> and returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where messages go.</param>
    /// <param name="environment">Reads environment variables (APIXO_API_KEY, APIXO_BASE_URL).</param>
    /// <param name="interactive">Whether a person watches a terminal: live progress instead of lines.</param>
    /// <param name="clock">The clock the client waits by when talking to a given base URL (a sandbox's, in tests).</param>
    /// <param name="cancellationToken">Ctrl+C: stops the waiting, never the task.</param>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null, bool interactive = false, TimeProvider? clock = null, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliHost(stdout, stderr) { Environment = environment ?? Environment.GetEnvironmentVariable, Interactive = interactive, Clock = clock }, cancellationToken);

    internal static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var secrets = Secrets.Of(args, host.Environment);
        var stdout = new SafeWriter(host.Stdout, secrets);
        var stderr = new SafeWriter(host.Stderr, secrets);
        host = host with { Stdout = stdout, Stderr = stderr };
        try
        {
            return await RunParsedAsync(args, host, secrets, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Outside any command (the parser, the help writer): still one line, never a stack trace.
            stderr.WriteLine($"apixo: unexpected error ({exception.GetType().Name}): {exception.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Unexpected;
        }
        finally
        {
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await stderr.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunParsedAsync(string[] args, CliHost host, Secrets secrets, CancellationToken cancellationToken)
    {
        var shared = new SharedOptions();
        ICliCommand[] commands =
        [
            new GenerateCommand(secrets, cancellationToken),
            new BatchCommand(secrets, cancellationToken),
            new StatusCommand(secrets, cancellationToken),
            new WaitCommand(secrets, cancellationToken),
            new CostCommand(secrets, cancellationToken),
            new BalanceCommand(secrets, cancellationToken),
            new SandboxCommand(),
            new ContractCommand(),
        ];
        var root = new RootCommand("apixo: APIXO GPT Image 2 from the command line. Without a key or base URL it uses the offline sandbox.\n\n" + ExitCodes.Help);
        foreach (var command in commands)
        {
            root.Add(command.Create(shared, host));
        }

        // No response files: a prompt that starts with '@' is a prompt, not a file to read.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var json = WantsJson(args);
        if (parsed.Errors.Count > 0)
        {
            // A token the parser could not place may be a key typed bare or after a misspelt option: it is never echoed.
            foreach (var token in parsed.UnmatchedTokens)
            {
                secrets.Add(token);
            }

            foreach (var error in parsed.Errors)
            {
                host.Stderr.WriteLine("apixo: " + error.Message);
            }

            if (json)
            {
                new CliOutput(host.Stdout, host.Stderr, json: true, interactive: false, secrets).TaskResult(string.Empty, null, [], null, "invalid input: " + string.Join("; ", parsed.Errors.Select(e => e.Message)));
            }

            return ExitCodes.InvalidInput;
        }

        // The parser's own output (help, version) goes through here: with --json it becomes the one object.
        var own = json ? new StringWriter() : host.Stdout;
        var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = own, Error = host.Stderr, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        if (json && own.ToString() is { Length: > 0 } text)
        {
            new CliOutput(host.Stdout, host.Stderr, json: true, interactive: false, secrets).Result(writer => writer.WriteString("help", text));
        }

        return exit;
    }

    // --json, --json=true or --json:true (the parser takes all three); --json=false is not JSON.
    private static bool WantsJson(string[] args) => args.Any(arg =>
        arg == "--json"
        || ((arg.StartsWith("--json=", StringComparison.Ordinal) || arg.StartsWith("--json:", StringComparison.Ordinal)) && !arg[7..].Equals("false", StringComparison.OrdinalIgnoreCase)));
}
