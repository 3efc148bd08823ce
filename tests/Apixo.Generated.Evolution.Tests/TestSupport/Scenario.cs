using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>
/// One contract change, built: runs the apixo built from it (in a folder of its own), starts the sandbox built from
/// it behind the recording proxy, and on disposal puts the original contract back and prints how long it all took.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    /// <summary>The key the proxied runs send; the sandbox takes any bearer key.</summary>
    public const string Key = "test";

    private const string SubmitPath = "/generateTask/gpt-image-2";

    // Sandbox tasks take the contract's typical 30 to 240 s; at 600x that is under half a real second.
    private const double SandboxSpeed = 600;

    private readonly ScratchRepository _scratch;
    private readonly string _name;
    private readonly TimeSpan _build;
    private readonly ITestOutputHelper _output;
    private readonly Stopwatch _runs = Stopwatch.StartNew();
    private SandboxProcess? _sandbox;
    private string? _help;

    public Scenario(ScratchRepository scratch, string name, TimeSpan build, ITestOutputHelper output)
    {
        _scratch = scratch;
        _name = name;
        _build = build;
        _output = output;
        Folder = Directory.CreateDirectory(Path.Combine(scratch.Root, "runs", string.Concat(name.Where(char.IsAsciiLetterOrDigit)))).FullName;
    }

    /// <summary>The working folder of every run (so <c>./out</c> lands there).</summary>
    public string Folder { get; }

    /// <summary>Every request that went through the proxy in this scenario.</summary>
    public IReadOnlyList<ProxiedExchange> Exchanges => _scratch.Proxy.Exchanges;

    /// <summary>The submits among them.</summary>
    public IReadOnlyList<ProxiedExchange> Submits => [.. Exchanges.Where(e => e.Method == "POST" && e.PathAndQuery.EndsWith(SubmitPath, StringComparison.Ordinal))];

    /// <summary>Runs <c>apixo</c> with <paramref name="arguments"/>.</summary>
    public Task<ProcessOutcome> RunAsync(params string[] arguments) => _scratch.RunCliAsync(Folder, arguments);

    /// <summary>Runs <c>apixo</c> against the sandbox process through the proxy (<c>--base-url</c>, <c>--api-key</c>).</summary>
    public async Task<ProcessOutcome> RunProxiedAsync(params string[] arguments) =>
        await RunAsync([.. arguments, "--base-url", (await ProxiedApiAsync()).ToString(), "--api-key", Key]);

    /// <summary><c>apixo generate --help</c> of this build.</summary>
    public async Task<string> HelpAsync()
    {
        if (_help is null)
        {
            var help = await RunAsync("generate", "--help");
            Assert.True(help.ExitCode == 0, help.ToString());
            _help = help.Stdout;
        }

        return _help;
    }

    /// <summary>The API of this build's sandbox (started on first use), as reached through the proxy.</summary>
    public async Task<Uri> ProxiedApiAsync() => new(_scratch.Proxy.Address, (await SandboxAsync()).BaseUrl.AbsolutePath);

    /// <summary>This build's <c>apixo sandbox</c>, started on first use, with the proxy pointed at it.</summary>
    public async Task<SandboxProcess> SandboxAsync()
    {
        if (_sandbox is null)
        {
            _sandbox = await SandboxProcess.StartAsync(_scratch.Cli, Folder, ScratchRepository.CliEnvironment, SandboxSpeed);
            _scratch.Proxy.Target = new Uri(_sandbox.BaseUrl.GetLeftPart(UriPartial.Authority));
        }

        return _sandbox;
    }

    public async ValueTask DisposeAsync()
    {
        _scratch.Proxy.Target = null;
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        await _scratch.RestoreContractAsync();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scenario '{_name}': build {_build.TotalSeconds:0.0} s, runs {_runs.Elapsed.TotalSeconds:0.0} s, total {(_build + _runs.Elapsed).TotalSeconds:0.0} s (scratch set-up, once per suite: {_scratch.SetUpTime.TotalSeconds:0.0} s)."));
    }
}
