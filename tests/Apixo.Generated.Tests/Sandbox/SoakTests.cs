using System.Collections.Concurrent;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Tests.Sandbox;

/// <summary>
/// Many tasks with random faults through the runtime client against the sandbox: none lost, none submitted
/// twice. 500 tasks in CI; set APIXO_SOAK_TASKS for a larger run.
/// </summary>
public sealed class SoakTests
{
    private static readonly string[] Faults = [string.Empty, "[status:503x2]", "[status:500]", "[status:429] [retry-after:1]", "[fail:UPSTREAM_ERROR]", "[slow:5]", "[status:502x3]"];

    [Fact]
    public async Task Every_task_ends_once_with_its_expected_outcome()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("APIXO_SOAK_TASKS"), out var n) && n > 0 ? n : 500;
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Speed = 6000, Balance = 1_000_000m });
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "soak", BaseAddress = sandbox.BaseUrl }, sandbox.Clock);
        var random = new Random(20261124);
        var plan = Enumerable.Range(0, count).Select(i => (Index: i, Fault: Faults[random.Next(Faults.Length)], Resolution: (Resolution)random.Next(3))).ToList();
        var outcomes = new ConcurrentDictionary<int, (string TaskId, TaskState State)>();
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
                outcomes[item.Index] = (failed.TaskId, TaskState.Failed);
            }
        });

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Assert.Equal(count, outcomes.Count);
        Assert.Equal(count, outcomes.Values.Select(o => o.TaskId).Distinct().Count());
        Assert.Equal(count, sandbox.TaskCount);
        foreach (var (index, fault, _) in plan)
        {
            Assert.Equal(fault.StartsWith("[fail:", StringComparison.Ordinal) ? TaskState.Failed : TaskState.Success, outcomes[index].State);
        }

        Console.WriteLine($"Soak: {count} tasks, {outcomes.Values.Count(o => o.State == TaskState.Failed)} failed as forced, 0 lost, 0 duplicated, in {elapsed.TotalSeconds:0.0} s.");
    }
}
