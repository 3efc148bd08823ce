using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// <c>-- client-allocations [calls] [--loopback [--layers]]</c>: which types the client allocates per submit + status beyond the raw
/// <see cref="HttpClient"/>, over the in-memory answers of <see cref="ClientInMemoryBenchmarks"/> (or the loopback server). The runtime reports an
/// allocation sample about every 100 KB (its AllocationTick event, with the type of the object that crossed the mark), so
/// over many calls each type's share of the samples is its share of the bytes. Prints the types by estimated bytes per
/// call, for the raw client and for <see cref="ApixoClient"/>.
/// </summary>
internal static class AllocationTicks
{
    public static async Task RunAsync(int calls, bool loopback, bool layers)
    {
        (string, Func<Task<int>>)[] clients;
        Action cleanup = () => { };
        if (loopback)
        {
            (clients, cleanup) = ClientInterleaved.Clients(layers);
        }
        else
        {
            var inMemory = new ClientInMemoryBenchmarks();
            inMemory.Setup();
            clients = [("raw HttpClient", inMemory.Raw), ("ApixoClient", inMemory.Client)];
        }

        try
        {
            foreach (var (name, call) in clients)
            {
                for (var i = 0; i < 2_000; i++)
                {
                    await call();
                }

                using var listener = new TickListener();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < calls; i++)
                {
                    await call();
                }

                var perCall = (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / calls;
                var samples = listener.Samples.ToArray();
                var total = samples.Sum(s => s.Value);
                Console.WriteLine(FormattableString.Invariant($"{name}: {perCall:F0} B per submit + status ({total} samples); by type, estimated B per call:"));
                foreach (var (type, count) in samples.OrderByDescending(s => s.Value).Take(40))
                {
                    Console.WriteLine(FormattableString.Invariant($"  {perCall * count / total,7:F0}  {type}"));
                }
            }
        }
        finally
        {
            cleanup();
        }
    }

    private sealed class TickListener : EventListener
    {
        public ConcurrentDictionary<string, int> Samples { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.PayloadNames is { } names)
            {
                var type = eventData.Payload![names.IndexOf("TypeName")] as string ?? "?";
                Samples.AddOrUpdate(type, 1, (_, n) => n + 1);
            }
        }
    }
}
