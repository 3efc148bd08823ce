using System.Text.Json;
using Apixo.Generated.Cli;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>
/// What every test of the CLI against <see cref="HostileApixoServer"/> shares: a fresh server, a temporary root
/// with <c>out</c> under it (so that anything written outside <c>--out</c> shows), and a run of the real entry point.
/// </summary>
public abstract class HostileCliTestBase : IAsyncLifetime
{
    protected readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("apixo-hostile-");
    private protected HostileApixoServer _server = null!;

    protected string Out => Path.Combine(_root.FullName, "out");

    public async Task InitializeAsync() => _server = await HostileApixoServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _root.Delete(recursive: true);
    }

    /// <summary>One run of the CLI: its exit code and what it printed.</summary>
    protected sealed record Run(int Exit, string Out, string Err)
    {
        public string All => Out + Err;

        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    /// <summary>Serves a valid PNG at <c>/files/<paramref name="name"/></c> and gives its URL.</summary>
    protected string Png(string name)
    {
        _server.Serve("/files/" + name, HostileAnswer.Png, "image/png");
        return _server.UrlOf("/files/" + name).ToString();
    }

    /// <summary>Runs the CLI in process, with the environment given (nothing else), never a stack trace.</summary>
    protected static async Task<Run> RunCliAsync(string[] args, Dictionary<string, string?>? environment = null, bool remote = false, TimeProvider? clock = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var host = new CliHost(stdout, stderr)
        {
            Environment = name => environment?.GetValueOrDefault(name),
            Clock = clock,
            TreatLoopbackApiAsRemote = remote,
        };
        var exit = await ApixoCli.RunAsync(args, host);
        var run = new Run(exit, stdout.ToString(), stderr.ToString());
        Assert.DoesNotContain("   at ", run.All, StringComparison.Ordinal);
        return run;
    }
}
