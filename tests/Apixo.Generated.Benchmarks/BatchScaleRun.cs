using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Apixo.Generated.Batches;
using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The issue's scale run: a batch of N lines through <see cref="BatchRunner"/> (with its fsynced <see cref="FileBatchJournal"/>)
/// against the in-process sandbox limited to a plan's requests per minute, on a sped-up <see cref="SandboxClock"/> that
/// the client shares, so that pacing is in sandbox time. Prints the wall time (real and sandbox), the requests the
/// sandbox answered per sandbox minute against the limit, the 429s, tasks per minute, peak memory and the journal's size.
/// </summary>
/// <remarks>
/// Requests are counted where the limit is enforced: at the sandbox, from ASP.NET Core's own
/// <c>http.server.request.duration</c> measurements (one per request, with its status), timed on the sandbox clock. The
/// rate is measured from the first request to the last (planning writes every line to the journal first, sending nothing).
/// The process holds the sandbox too, whose task store keeps every task: the memory figures are an upper bound for the batch.
/// </remarks>
internal static class BatchScaleRun
{
    private const string Usage = "batch-scale [lines] [--plan NAME | --requests-per-minute N] [--concurrency N] [--speed X]";

    public static async Task<int> RunAsync(string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = args.Length > 0 && int.TryParse(args[0], NumberStyles.None, c, out var n) ? n : 10_000;
        var plan = Value(args, "--plan") is { } name ? GptImage2RateLimits.TryGet(name, out var named) ? named : throw new ArgumentException($"No plan '{name}'. {Usage}") : null;
        var perMinute = Value(args, "--requests-per-minute") is { } rpm ? int.Parse(rpm, c) : plan?.RequestsPerMinute ?? 60;
        var concurrency = Value(args, "--concurrency") is { } k ? int.Parse(k, c) : (int?)null;
        var speed = Value(args, "--speed") is { } x ? double.Parse(x, c) : 100;

        var clock = new SandboxClock(speed);
        var folder = Directory.CreateTempSubdirectory("apixo-batch-scale-").FullName;
        var journalPath = Path.Combine(folder, "apixo-batch.journal");
        using var requests = new ServerRequests(clock);
        await using var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions
        {
            Clock = clock,
            Balance = 1_000_000m,
            RequestsPerMinute = perMinute,
            ConcurrentTasks = plan?.ConcurrentTasks,
        });
        var client = ApixoClient.Create(new ApixoClientOptions { ApiKey = "sk-batch-scale", BaseAddress = sandbox.BaseUrl }, clock);
        var options = new BatchOptions { Plan = plan, RequestsPerMinute = plan is null || perMinute != plan.RequestsPerMinute ? perMinute : null, Concurrency = concurrency };
        var items = Enumerable.Range(1, lines).Select(i => new BatchItem(i.ToString(c), GptImage2.TextToImage($"scale line {i}: a lighthouse at dusk").Build())).ToList();

        using var memory = new PeakMemory();
        var outcomes = new Dictionary<BatchOutcomeKind, int>();
        var real = Stopwatch.StartNew();
        var sandboxStart = clock.GetUtcNow();
        await using (var journal = FileBatchJournal.Open(journalPath))
        {
            var runner = new BatchRunner(client, journal, options, timeProvider: clock);
            await foreach (var outcome in runner.RunAsync(items))
            {
                outcomes[outcome.Kind] = outcomes.GetValueOrDefault(outcome.Kind) + 1;
            }
        }

        real.Stop();
        var sandboxElapsed = clock.GetUtcNow() - sandboxStart;
        memory.Stop();
        var journalBytes = new FileInfo(journalPath).Length;
        var (answered, refused, first, last, mostInAMinute, slowestMinute) = requests.Summary();
        var sending = last - first;
        var use = answered / sending.TotalMinutes / perMinute;
        var succeeded = outcomes.GetValueOrDefault(BatchOutcomeKind.Succeeded);

        Console.WriteLine(string.Create(c, $"batch-scale: {lines} lines, {(plan is null ? "no plan" : $"plan {plan.Name}")}, {perMinute} requests/min per key at the sandbox{(plan?.ConcurrentTasks is { } tasks ? $" and {tasks} concurrent tasks" : string.Empty)}, concurrency {options.EffectiveConcurrency}, sandbox x{speed}"));
        Console.WriteLine(string.Create(c, $"  machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
        Console.WriteLine(string.Create(c, $"  wall time: {real.Elapsed.TotalSeconds:0.0} s real, {sandboxElapsed.TotalHours:0.00} h sandbox (sending: {sending.TotalHours:0.00} h, from the first request to the last)"));
        Console.WriteLine(string.Create(c, $"  requests: {answered} answered ({requests.Submits} submits, {requests.Polls} status polls, {(double)requests.Polls / Math.Max(1, requests.Submits):0.00} polls per submit), {refused} answered 429"));
        Console.WriteLine(string.Create(c, $"  rate: {answered / sending.TotalMinutes:0.0} requests per sandbox minute of {perMinute} allowed = {use:P1} use; most in any 60 s: {mostInAMinute}; fewest in a whole minute: {slowestMinute}"));
        var submitting = requests.LastSubmit - first;
        Console.WriteLine(string.Create(c, $"  while lines were left to submit ({submitting.TotalHours:0.00} h): {requests.AnsweredUntil(requests.LastSubmit) / submitting.TotalMinutes / perMinute:P1} use; after the last submit, {(last - requests.LastSubmit).TotalMinutes:0.0} min to finish the tasks in flight"));
        Console.WriteLine(string.Create(c, $"  tasks: {succeeded / sending.TotalMinutes:0.0} succeeded per sandbox minute; outcomes: {string.Join(", ", outcomes.OrderBy(pair => pair.Key).Select(pair => $"{pair.Value} {pair.Key}"))}"));
        Console.WriteLine(string.Create(c, $"  memory: process peak working set {memory.PeakWorkingSet / 1048576.0:0} MB, managed heap peak {memory.PeakHeap / 1048576.0:0} MB (batch and in-process sandbox)"));
        Console.WriteLine(string.Create(c, $"  journal: {journalBytes / 1048576.0:0.0} MB, {journalBytes / (double)lines:0} bytes per line"));
        Directory.Delete(folder, recursive: true);
        return succeeded == lines && refused == 0 ? 0 : 1;
    }

    private static string? Value(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>Every request the sandbox answered, from ASP.NET Core's request-duration histogram, timed on the sandbox clock.</summary>
    private sealed class ServerRequests : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TimeProvider _clock;
        private readonly List<DateTimeOffset> _answered = [];
        private int _refused;

        public ServerRequests(TimeProvider clock)
        {
            _clock = clock;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => Record(tags));
            _listener.Start();
        }

        public int Submits { get; private set; }

        public int Polls { get; private set; }

        public DateTimeOffset LastSubmit { get; private set; }

        /// <summary>Requests answered from the first to <paramref name="until"/>.</summary>
        public int AnsweredUntil(DateTimeOffset until)
        {
            lock (_answered)
            {
                return _answered.Count(at => at <= until);
            }
        }

        private void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var now = _clock.GetUtcNow();
            int? status = null;
            string? method = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "http.response.status_code":
                        status = Convert.ToInt32(tag.Value, CultureInfo.InvariantCulture);
                        break;
                    case "http.request.method":
                        method = tag.Value as string;
                        break;
                }
            }

            lock (_answered)
            {
                if (status == 429)
                {
                    _refused++;
                    return;
                }

                _answered.Add(now);
                if (method == "POST")
                {
                    Submits++;
                    LastSubmit = now;
                }
                else
                {
                    Polls++;
                }
            }
        }

        /// <summary>Requests answered (not 429), 429s, the first and last, the most in any 60 s, the fewest in a whole sandbox minute.</summary>
        public (int Answered, int Refused, DateTimeOffset First, DateTimeOffset Last, int MostInAMinute, int SlowestMinute) Summary()
        {
            lock (_answered)
            {
                var times = _answered.Order().ToArray();
                var most = 0;
                for (int start = 0, end = 0; start < times.Length; start++)
                {
                    while (end < times.Length && times[end] - times[start] < TimeSpan.FromMinutes(1))
                    {
                        end++;
                    }

                    most = Math.Max(most, end - start);
                }

                var whole = (int)Math.Floor((times[^1] - times[0]).TotalMinutes);
                var perMinute = new int[Math.Max(1, whole)];
                foreach (var at in times)
                {
                    var minute = (int)Math.Floor((at - times[0]).TotalMinutes);
                    if (minute < perMinute.Length)
                    {
                        perMinute[minute]++;
                    }
                }

                return (times.Length, _refused, times[0], times[^1], most, perMinute.Min());
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>The process's peak working set (the kernel's), and the managed heap's, sampled every 100 ms of real time.</summary>
    private sealed class PeakMemory : IDisposable
    {
        private readonly Timer _timer;
        private readonly object _lock = new();
        private long _heap;

        public PeakMemory() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

        public long PeakHeap
        {
            get
            {
                lock (_lock)
                {
                    return _heap;
                }
            }
        }

        public long PeakWorkingSet { get; private set; }

        public void Stop()
        {
            _timer.Dispose();
            Sample();
            using var process = Process.GetCurrentProcess();
            PeakWorkingSet = process.PeakWorkingSet64;
        }

        private void Sample()
        {
            var heap = GC.GetTotalMemory(forceFullCollection: false);
            lock (_lock)
            {
                _heap = Math.Max(_heap, heap);
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
