using System.Diagnostics;
using System.Text.Json;
using Apixo.Generated.Batches;
using Apixo.Generated.Cli;
using Apixo.Generated.Sandbox;
using Xunit.Abstractions;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// The reduced crash test: <c>apixo batch</c> as a child process on a fast sandbox, killed with SIGKILL at random
/// moments and resumed each time with <c>--resume</c>. In the end every line has exactly one outcome, no line was
/// submitted twice (the journal's intents, and the sandbox's own count of accepted submits), no paid result was lost,
/// and the unknown outcomes are exactly the submits left unanswered. APIXO_CRASH_LINES and APIXO_CRASH_KILLS scale it
/// up (the full run: 200 lines, 20 kills).
/// </summary>
public sealed class BatchCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const double Speed = 600;
    private readonly string _folder = Directory.CreateTempSubdirectory("apixo-batch-crash-").FullName;
    private ApixoSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = Speed });

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "apixo.dll"));
        foreach (var arg in args.Concat(["--base-url", _sandbox.BaseUrl.ToString(), "--api-key", "crash-test", "--concurrency", "4"]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["APIXO_SANDBOX_SPEED"] = Speed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        // Read both streams so that a full pipe never blocks the child.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    [Fact]
    public async Task Killed_at_random_moments_and_resumed_no_line_is_paid_twice_and_no_paid_result_is_lost()
    {
        var lines = Setting("APIXO_CRASH_LINES", 24);
        var kills = Setting("APIXO_CRASH_KILLS", 4);
        var failCode = FailCode.Known[^1].Value;
        var requests = Path.Combine(_folder, "requests.jsonl");
        await File.WriteAllLinesAsync(requests, Enumerable.Range(1, lines).Select(i => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["id"] = $"line-{i}",
            ["prompt"] = $"picture {i}" + (i % 9 == 0 ? " [drop]" : string.Empty) + (i % 5 == 0 ? $" [fail:{failCode}]" : string.Empty) + (i % 4 == 0 ? " [status:500]" : string.Empty),
        })));
        var outFolder = Path.Combine(_folder, "out");
        var journalPath = Path.Combine(outFolder, BatchCommand.JournalName);
        var random = new Random(Setting("APIXO_CRASH_SEED", 13));

        var killedRuns = 0;
        for (var kill = 0; kill < kills; kill++)
        {
            using var child = File.Exists(journalPath) ? Start("batch", requests, "--resume", journalPath) : Start("batch", requests, "--out", outFolder);
            var lived = Task.Delay(random.Next(150, 900));
            if (await Task.WhenAny(child.WaitForExitAsync(), lived) == lived)
            {
                child.Kill(entireProcessTree: true);   // SIGKILL on Unix: no finally block, no flush
                killedRuns++;
            }

            await child.WaitForExitAsync();
        }

        // The last runs are not killed: resume until no task is still running.
        for (var run = 0; run < 3; run++)
        {
            using var child = File.Exists(journalPath) ? Start("batch", requests, "--resume", journalPath) : Start("batch", requests, "--out", outFolder);
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            if (child.ExitCode != ExitCodes.DeadlinePassed)
            {
                break;
            }
        }

        await using var journal = FileBatchJournal.Open(journalPath);
        var records = await journal.ReadAllAsync(CancellationToken.None);
        var entries = BatchJournalEntry.Replay(records);
        var results = BatchResultsFile.Read(Path.Combine(outFolder, BatchResultsFile.FileName)).ToDictionary(line => line.GetProperty("id").GetString()!);

        // Every line has exactly one outcome.
        Assert.Equal(lines, results.Count);
        Assert.Equal(lines, entries.Count);

        // No line was submitted twice: one intent at most per line (no --resubmit-unknown), one task id at most, and the
        // sandbox created no task the journal cannot account for.
        Assert.All(entries.Keys, id => Assert.True(records.Count(r => r.Id == id && r.Kind == BatchJournalRecordKind.Intent) <= 1, id));
        var taskIds = records.Where(r => r.Kind == BatchJournalRecordKind.Submitted).Select(r => r.TaskId!).ToList();
        Assert.Equal(taskIds.Count, taskIds.Distinct().Count());
        var unknown = entries.Values.Count(entry => entry is { TaskId: null, OutcomeUnknown: true });
        Assert.InRange(_sandbox.TaskCount, taskIds.Count, taskIds.Count + unknown);

        output.WriteLine($"{lines} lines, {killedRuns} of {kills} runs killed by SIGKILL; {taskIds.Count} task ids, {unknown} unknown outcomes ({lines / 9} from [drop]), {_sandbox.TaskCount} submits accepted by the sandbox, journal {new FileInfo(journalPath).Length} bytes.");

        Assert.True(killedRuns > 0, "no run was killed: the test proved nothing");

        // The unknown outcomes are exactly the submits left unanswered.
        Assert.Equal(unknown, results.Values.Count(line => line.GetProperty("outcome").GetString() == BatchOutcomes.Name(BatchOutcomeKind.Unknown)));
        Assert.True(unknown >= lines / 9, $"each [drop] line is an unknown outcome ({unknown})");

        // No paid result was lost: every line with a task id finished, and each success has its image on disk.
        foreach (var (id, entry) in entries.Where(pair => pair.Value.TaskId is not null))
        {
            var outcome = results[id].GetProperty("outcome").GetString();
            Assert.True(outcome == BatchOutcomes.Name(BatchOutcomeKind.Succeeded) || outcome == BatchOutcomes.Name(BatchOutcomeKind.Failed), $"{id}: {outcome}: {results[id]}");
            if (outcome == BatchOutcomes.Name(BatchOutcomeKind.Succeeded))
            {
                Assert.All(results[id].GetProperty("files").EnumerateArray(), file => Assert.True(File.Exists(file.GetString()), file.GetString()));
                Assert.NotEmpty(results[id].GetProperty("files").EnumerateArray());
            }
            else
            {
                Assert.Equal(failCode, results[id].GetProperty("failCode").GetString());
            }
        }
    }
}
