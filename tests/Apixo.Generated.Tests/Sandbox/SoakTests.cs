using System.Collections.Concurrent;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Tests.Sandbox;

/// <summary>
/// Many tasks with random faults through the runtime client against the sandbox: none lost, none submitted
/// twice. 500 tasks in CI; set APIXO_SOAK_TASKS for a larger run.
/// </summary>
public sealed class SoakTests
{
    private static readonly string[] Faults =
    [
        string.Empty, "[status:503x2]", "[status:500]", "[status:429] [retry-after:1]", "[fail:UPSTREAM_ERROR]", "[slow:5]", "[status:502x3]",
        "[drop:status]", "[submit:503]", "[drop]",
    ];

    [Fact]
    public async Task Every_task_ends_once_with_its_expected_outcome()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("APIXO_SOAK_TASKS"), out var n) && n > 0 ? n : 500;
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 6000, Balance = 1_000_000m });
        // At 6000x, one real second is 100 sandbox minutes: the deadline must allow for HTTP round trips under load.
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "soak", BaseAddress = sandbox.BaseUrl, Deadline = TimeSpan.FromDays(2) }, sandbox.Clock);
        var random = new Random(20261124);
        var plan = Enumerable.Range(0, count).Select(i => (Index: i, Fault: Faults[random.Next(Faults.Length)], Resolution: (Resolution)random.Next(3))).ToList();
        var outcomes = new ConcurrentDictionary<int, (string TaskId, TaskState State)>();
        var unknown = new ConcurrentDictionary<int, bool>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, token) =>
        {
            var request = GptImage2.TextToImage($"soak {item.Index} {item.Fault}").WithResolution(item.Resolution).Build();
            try
            {
                var task = await client.GenerateAsync(request, cancellationToken: token);
                Assert.Single(task.ResultUrls);
                outcomes[item.Index] = (task.TaskId, task.State);
            }
            catch (TaskFailedException failed)
            {
                outcomes[item.Index] = (failed.Task.TaskId, TaskState.Failed);
            }
            catch (ApixoSubmitOutcomeUnknownException)
            {
                // Never retried: a dropped submit exists once on the server, a refused one not at all.
                unknown[item.Index] = true;
            }
        });

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var refused = plan.Count(p => p.Fault == "[submit:503]");
        var dropped = plan.Count(p => p.Fault == "[drop]");
        Assert.Equal(count, outcomes.Count + unknown.Count);
        Assert.Equal(refused + dropped, unknown.Count);
        Assert.Equal(outcomes.Count, outcomes.Values.Select(o => o.TaskId).Distinct().Count());
        Assert.Equal(outcomes.Count + dropped, sandbox.TaskCount);
        foreach (var (index, fault, _) in plan.Where(p => p.Fault is not "[submit:503]" and not "[drop]"))
        {
            Assert.Equal(fault.StartsWith("[fail:", StringComparison.Ordinal) ? TaskState.Failed : TaskState.Success, outcomes[index].State);
        }

        Console.WriteLine($"Soak: {count} tasks, {outcomes.Values.Count(o => o.State == TaskState.Success)} succeeded, {outcomes.Values.Count(o => o.State == TaskState.Failed)} failed as forced, {unknown.Count} submit outcomes unknown as forced ({dropped} dropped after acceptance, {refused} refused), 0 lost, 0 duplicated, in {elapsed.TotalSeconds:0.0} s.");
    }
}
