using System.Diagnostics;
using Apixo.Generated.Generator.Tests.TestSupport;
using Xunit.Abstractions;

namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>
/// One scratch copy of the repository's build inputs in a temporary folder, restored and built once; each scenario
/// writes its edited contract there, rebuilds incrementally and runs the apixo it built, then puts the original
/// contract back. The copy has its own obj/ and bin/, so it never touches the outer build, and it is deleted at the end.
/// </summary>
public sealed class ScratchRepository : IAsyncLifetime
{
    // What a build of src/ reads: the contract, the projects, the generator and NSwag's templates, the shared props.
    private static readonly string[] InputFolders = ["openapi", "src", "generators"];
    private static readonly HashSet<string> NotInputs = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "TestResults", "artifacts", "out", "BenchmarkDotNet.Artifacts", ".vs", ".idea", "__mismatch__" };

    private const string CliProject = "src/Apixo.Generated.Cli/Apixo.Generated.Cli.csproj";

    // The scratch builds' own compiler server: warm, it compiles in a fraction of a cold csc's time (most of a
    // rebuild is JIT when every csc starts cold), and under its own pipe name it serves no other build and is shut
    // down by name at the end, so it neither lingers nor holds anything of the outer build.
    private readonly string _compilerServer = "apixo-evolution-" + Guid.NewGuid().ToString("N")[..12];
    private string? _compilerServerDll;

    private string _unedited = null!;

    /// <summary>The scratch copy's root.</summary>
    public string Root { get; private set; } = null!;

    /// <summary>The contract the copy builds from.</summary>
    public string ContractPath => Path.Combine(Root, "openapi", "gpt-image-2.yaml");

    /// <summary>The built CLI, run as <c>dotnet apixo.dll</c>.</summary>
    public string Cli => Path.Combine(Root, "src", "Apixo.Generated.Cli", "bin", "Debug", "net10.0", "apixo.dll");

    /// <summary>The repository's contract as it is today.</summary>
    public string OriginalContract { get; private set; } = null!;

    /// <summary><c>apixo generate --help</c> of the build from today's contract.</summary>
    public string BaselineHelp { get; private set; } = null!;

    /// <summary>Copy, restore and first build.</summary>
    public TimeSpan SetUpTime { get; private set; }

    internal RecordingProxy Proxy { get; private set; } = null!;

    /// <summary>Today's contract, to edit.</summary>
    internal ContractYaml Contract() => new(OriginalContract);

    public async Task InitializeAsync()
    {
        try
        {
            await SetUpAsync();
        }
        catch
        {
            // Whatever was made so far goes, even if the runner does not dispose a fixture that failed to start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        var clock = Stopwatch.StartNew();
        Root = Directory.CreateTempSubdirectory("apixo-evolution-").FullName;
        CopyInputs(RepositoryRoot.Find(), Root);
        OriginalContract = await File.ReadAllTextAsync(ContractPath);
        _unedited = Contract().ToString();
        Proxy = await RecordingProxy.StartAsync();

        var restore = await DotnetAsync(["restore", CliProject, "-nodeReuse:false"]);
        Assert.True(restore.ExitCode == 0, $"The scratch copy did not restore: {restore}");
        var roslyn = await DotnetAsync(["msbuild", CliProject, "-getProperty:RoslynTargetsPath", "-nodeReuse:false"]);
        Assert.True(roslyn.ExitCode == 0 && Directory.Exists(roslyn.Stdout.Trim()), $"Where is the compiler? {roslyn}");
        _compilerServerDll = Path.Combine(roslyn.Stdout.Trim(), "bincore", "VBCSCompiler.dll");
        var build = await BuildAsync();
        Assert.True(build.ExitCode == 0, $"The scratch copy of today's repository did not build: {Errors(build)}");
        var help = await RunCliAsync(Root, ["generate", "--help"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        BaselineHelp = help.Stdout;
        SetUpTime = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_compilerServerDll is { } server)
        {
            // Asks this suite's server, by its pipe name, to stop (nothing happens when none is running).
            _compilerServerDll = null;
            await DotnetAsync([server, "-shutdown", "-pipename:" + _compilerServer]);
        }

        if (Proxy is { } proxy)
        {
            Proxy = null!;
            await proxy.DisposeAsync();
        }

        if (Root is not null && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Writes <paramref name="contract"/> over the copy's contract and rebuilds the CLI (with the client and sandbox it uses).</summary>
    internal async Task<Scenario> StartAsync(string name, ContractYaml contract, ITestOutputHelper output)
    {
        var text = contract.ToString();
        Assert.False(text == _unedited, "The scenario's edit changed nothing in the contract.");
        await File.WriteAllTextAsync(ContractPath, text);
        var build = await BuildAsync();
        if (build.ExitCode != 0)
        {
            await RestoreContractAsync();
            throw new Xunit.Sdk.XunitException($"The client and the CLI did not build from the edited contract ({name}): {Errors(build)}");
        }

        Proxy.Clear();
        return new Scenario(this, name, build.Elapsed, output);
    }

    internal Task RestoreContractAsync() => File.WriteAllTextAsync(ContractPath, OriginalContract);

    /// <summary>Runs the built CLI in <paramref name="folder"/>, with no key and no base URL from the environment.</summary>
    internal Task<ProcessOutcome> RunCliAsync(string folder, IEnumerable<string> arguments) =>
        ChildProcess.RunAsync(ChildProcess.StartInfo(ChildProcess.Dotnet, [Cli, .. arguments], folder, CliEnvironment), TimeSpan.FromMinutes(2));

    internal static IReadOnlyDictionary<string, string?> CliEnvironment { get; } = new Dictionary<string, string?>
    {
        ["APIXO_API_KEY"] = null,
        ["APIXO_BASE_URL"] = null,
    };

    // An incremental build of the CLI: NSwag and our generator run again when the contract changed, and the client,
    // the sandbox (which embeds the contract) and the CLI recompile. No MSBuild node outlives it.
    private Task<ProcessOutcome> BuildAsync() =>
        DotnetAsync(["build", CliProject, "--no-restore", "-nodeReuse:false", "-p:UseSharedCompilation=true", "-p:SharedCompilationId=" + _compilerServer, "-v:minimal", "-clp:NoSummary", "-tl:off"]);

    private Task<ProcessOutcome> DotnetAsync(string[] arguments) =>
        ChildProcess.RunAsync(ChildProcess.StartInfo(ChildProcess.Dotnet, arguments, Root, BuildEnvironment()), TimeSpan.FromMinutes(10));

    // The outer dotnet test's MSBuild variables belong to that build; the scratch build makes its own.
    private static Dictionary<string, string?> BuildEnvironment()
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(name => name, _ => (string?)null, StringComparer.Ordinal);
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = null;
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }

    private static string Errors(ProcessOutcome build)
    {
        var errors = build.Stdout.Split('\n').Select(line => line.Trim()).Where(line => line.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
        return errors.Count > 0 ? string.Join(Environment.NewLine, errors) : build.ToString();
    }

    private static void CopyInputs(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from).Where(IsInputFile))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in InputFolders)
        {
            CopyFolder(Path.Combine(from, folder), Path.Combine(to, folder));
        }
    }

    // Directory.Build.props and its kin, the SDK's pin, package sources and the analyzers' settings.
    private static bool IsInputFile(string path)
    {
        var name = Path.GetFileName(path);
        return (name.StartsWith("Directory.", StringComparison.OrdinalIgnoreCase) && (name.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".targets", StringComparison.OrdinalIgnoreCase)))
            || name.Equals("global.json", StringComparison.OrdinalIgnoreCase)
            || name.Equals("NuGet.config", StringComparison.OrdinalIgnoreCase)
            || name.Equals(".editorconfig", StringComparison.OrdinalIgnoreCase);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from).Where(folder => !NotInputs.Contains(Path.GetFileName(folder))))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
