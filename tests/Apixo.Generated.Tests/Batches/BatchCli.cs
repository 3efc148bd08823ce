using System.Text.Json;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// <c>apixo batch</c> run through the entry point, as a user runs it, against an offline sandbox with its own fast
/// clock, in a temporary folder: requests go in <c>in/</c>, <c>--out</c> is <c>out/</c>. Every run proves the key was
/// printed nowhere.
/// </summary>
internal sealed class BatchCli : IAsyncDisposable
{
    public const string Key = "sk-batch-SECRET-42";

    private ApixoSandbox? _sandbox;

    public string Folder { get; } = Directory.CreateTempSubdirectory("apixo-batch-cli-").FullName;

    public ApixoSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("StartAsync first.");

    public string Out => Path.Combine(Folder, "out");

    public sealed record Run(int Exit, string Out, string Err);

    public async Task<ApixoSandbox> StartAsync() => _sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 600 });

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }

    public async Task<Run> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] all = [.. args, "--base-url", Sandbox.BaseUrl.ToString(), "--api-key", Key];
        var exit = await ApixoCli.RunAsync(all, stdout, stderr, _ => null, interactive: false, Sandbox.Clock);
        var run = new Run(exit, stdout.ToString(), stderr.ToString());
        Assert.DoesNotContain(Key, run.Out + run.Err, StringComparison.Ordinal);
        return run;
    }

    /// <summary>A new requests file in <c>in/</c> with these lines.</summary>
    public string Requests(params string[] lines)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName, $"requests-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary><c>out/results.jsonl</c>, by line id.</summary>
    public IReadOnlyDictionary<string, JsonElement> Results() =>
        BatchResultsFile.Read(Path.Combine(Out, BatchResultsFile.FileName)).ToDictionary(line => line.GetProperty("id").GetString()!);
}
