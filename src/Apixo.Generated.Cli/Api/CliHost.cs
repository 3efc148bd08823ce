namespace Apixo.Generated.Cli;

/// <summary>What a run of the CLI gets from the process around it: its streams, environment, clock and terminal.</summary>
internal sealed record CliHost(TextWriter Stdout, TextWriter Stderr)
{
    /// <summary>Reads environment variables (APIXO_API_KEY, APIXO_BASE_URL).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Whether a person watches a terminal: live progress instead of lines.</summary>
    public bool Interactive { get; init; }

    /// <summary>The clock the client waits by when talking to a given base URL (a sandbox's, in tests).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// For tests: treat an API on loopback as a remote one, so that the download rules for a real API (https only,
    /// no private addresses) can be proven against a fake server on this machine.
    /// </summary>
    public bool TreatLoopbackApiAsRemote { get; init; }
}
