using System.Diagnostics;
using System.Globalization;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// N tasks waited on at once against the in-process sandbox, on a <see cref="ManualClock"/>: the managed memory each
/// wait holds while parked between two polls, what the whole run allocates, its CPU time and the threads it uses.
/// </summary>
/// <remarks>
/// The retained figure is the heap after all N waits have started (or polled once) minus the heap with the same N
/// operations and no wait: the sandbox's tasks and the operations themselves are in both. Allocations and CPU are the
/// process's, so they include the in-process sandbox serving the calls.
/// </remarks>
internal static class WaitsBenchmark
{
    /// <summary>Runs the measurement; with <paramref name="pause"/>, stops at each parked state until Enter, for a <c>dotnet-gcdump</c> of the process.</summary>
    public static async Task RunAsync(int count, bool pause)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { Clock = clock, Balance = 1_000_000_000m });
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "waits", BaseAddress = sandbox.BaseUrl }, clock);
        var request = GptImage2.TextToImage("a lighthouse at dusk").WithResolution(Resolution.Res1K).Build();

        // Warm-up: the same path once, smaller, so that JIT and the connection pool are not counted.
        await RunOnceAsync(client, clock, request, Math.Min(count, 500), pause: false, report: false);
        await RunOnceAsync(client, clock, request, count, pause, report: true);
    }

    private static async Task RunOnceAsync(ApixoClient client, ManualClock clock, GenerateTaskRequest request, int count, bool pause, bool report)
    {
        using var process = Process.GetCurrentProcess();
        var operations = new GenerationOperation[count];
        var waits = new Task<GenerationTask>[count];

        // Submits spread over 20 clock seconds (all before the first poll, 30 s after each), in waves of about 100, and
        // the clock moved on by the same step while polling: tasks submitted over time, whose polls come about 200 at
        // a time (the connection pool grows with the polls in flight, not with the tasks waiting).
        var waves = Math.Clamp(count / 100, 1, 2000);
        var wave = (count + waves - 1) / waves;
        var step = TimeSpan.FromSeconds(20.0 / waves);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var cpuStart = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var first = 0; first < count; first += wave)
        {
            await Parallel.ForAsync(first, Math.Min(count, first + wave), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
                operations[i] = await client.StartGenerationAsync(request, token));
            clock.Advance(step);
        }

        var submitCpu = process.TotalProcessorTime - cpuStart;
        var heapOperations = GC.GetTotalMemory(forceFullCollection: true);

        var cpuWaits = process.TotalProcessorTime;
        var allocatedWaits = GC.GetTotalAllocatedBytes(precise: true);
        var delaysBefore = clock.DelaysFired;

        // One token for all the waits, as a host's stopping token would be: each parked delay is registered on it.
        using var stopping = new CancellationTokenSource();
        for (var i = 0; i < count; i++)
        {
            waits[i] = operations[i].WaitForCompletionAsync(stopping.Token);
        }

        await SettleAsync(clock, waits);
        var heapParked = GC.GetTotalMemory(forceFullCollection: true);
        var threadsParked = Threads(process);
        Pause(pause, "parked before the first poll");

        // On to the first poll of every task, and back to waiting for the next.
        var peakThreads = threadsParked;
        while (operations.Any(o => o.LastState is null))
        {
            clock.Advance(step);
            await SettleAsync(clock, waits);
            peakThreads = Math.Max(peakThreads, Threads(process));
        }

        var between = waits.Count(w => !w.IsCompleted);
        var heapBetween = GC.GetTotalMemory(forceFullCollection: true);
        var threadsBetween = Threads(process);
        Pause(pause, "parked between two polls");

        while (waits.Any(w => !w.IsCompleted))
        {
            clock.Advance(step);
            await SettleAsync(clock, waits);
            peakThreads = Math.Max(peakThreads, Threads(process));
        }

        var results = await Task.WhenAll(waits);
        var waitCpu = process.TotalProcessorTime - cpuWaits;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedWaits;
        var polls = clock.DelaysFired - delaysBefore;
        wall.Stop();
        if (results.Any(r => r.State != TaskState.Success))
        {
            throw new InvalidOperationException("A wait ended without success.");
        }

        if (!report)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"waits: {count} tasks, {polls} polls ({(double)polls / count:0.0} per task), {wall.Elapsed.TotalSeconds:0.0} s wall"));
        Console.WriteLine(string.Create(c, $"  machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, load average {LoadAverage()}"));
        Console.WriteLine(string.Create(c, $"  operations, no wait:         {(heapOperations - heapBefore) / (double)count,8:0} B per task (the operation, its submit's sandbox task)"));
        Console.WriteLine(string.Create(c, $"  parked before the 1st poll:  {(heapParked - heapOperations) / (double)count,8:0} B per waiting task"));
        Console.WriteLine(string.Create(c, $"  parked between two polls:    {(heapBetween - heapOperations) / (double)between,8:0} B per waiting task, last status included ({between} waiting)"));
        Console.WriteLine(string.Create(c, $"  of which the clock's timer:  {TimerBytes(clock),8:0} B here; TimeProvider.System's: {TimerBytes(TimeProvider.System):0} B"));
        Console.WriteLine(string.Create(c, $"  allocated over the waits:    {allocated / (double)count,8:0} B per task, {allocated / (double)polls:0} B per poll (client and in-process sandbox)"));
        Console.WriteLine(string.Create(c, $"  CPU, the {count} waits:        {waitCpu.TotalSeconds:0.00} s ({waitCpu.TotalMilliseconds * 1000 / polls:0} µs per poll, client and sandbox); the submits: {submitCpu.TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(c, $"  threads: {threadsParked} parked, {threadsBetween} between polls, {peakThreads} at most while polling; thread pool {ThreadPool.ThreadCount}"));
    }

    // Until every wait that has not ended is parked in its delay: no poll in flight.
    private static async Task SettleAsync(ManualClock clock, Task<GenerationTask>[] waits)
    {
        var timeout = Stopwatch.StartNew();
        while (clock.PendingDelays + waits.Count(w => w.IsCompleted) < waits.Length)
        {
            if (timeout.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"Waits did not settle: {clock.PendingDelays} parked, {waits.Count(w => w.IsCompleted)} done of {waits.Length}.");
            }

            await Task.Delay(1);
        }

        if (waits.FirstOrDefault(w => w.IsFaulted) is { } faulted)
        {
            await faulted;
        }
    }

    // What one pending timer of the provider holds, as a parked delay has one.
    private static double TimerBytes(TimeProvider time)
    {
        const int Count = 10_000;
        var timers = new ITimer[Count];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < Count; i++)
        {
            timers[i] = time.CreateTimer(static _ => { }, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        return (after - before) / (double)Count;
    }

    private static void Pause(bool pause, string where)
    {
        if (pause)
        {
            Console.WriteLine($"{where}: process {Environment.ProcessId}; press Enter to go on");
            Console.ReadLine();
        }
    }

    private static int Threads(Process process)
    {
        process.Refresh();
        return process.Threads.Count;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
