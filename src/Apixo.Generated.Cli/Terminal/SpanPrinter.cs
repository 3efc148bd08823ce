using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Apixo.Generated.Cli;

/// <summary>
/// <c>--trace</c>: prints the spans of this run on stderr as each ends (stdout stays the result), indented under their
/// parent: the client's (<see cref="ApixoTelemetry.ActivitySourceName"/>) and HttpClient's. Only spans of the run's own
/// trace are printed, so another run in the same process (a test) does not mix in.
/// </summary>
internal sealed class SpanPrinter : IDisposable
{
    private const string HttpClientSource = "System.Net.Http";

    private readonly TextWriter _error;
    private readonly ActivityListener _listener;
    private readonly Activity _root;
    private readonly ConcurrentDictionary<ActivitySpanId, int> _depths = new();

    public SpanPrinter(TextWriter error, string command)
    {
        _error = error;
        _root = new Activity(command).SetIdFormat(ActivityIdFormat.W3C).Start();
        _depths[_root.SpanId] = 0;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ApixoTelemetry.ActivitySourceName or HttpClientSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == _root.TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStarted = Started,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
        _error.WriteLine($"apixo: trace {_root.TraceId}");
    }

    public void Dispose()
    {
        _root.Stop();
        _listener.Dispose();
    }

    private void Started(Activity activity) =>
        _depths[activity.SpanId] = _depths.TryGetValue(activity.ParentSpanId, out var parent) ? parent + 1 : 1;

    private void Stopped(Activity activity)
    {
        if (activity.TraceId != _root.TraceId)
        {
            return;
        }

        var line = new StringBuilder("apixo: span ")
            .Append(' ', 2 * (_depths.TryRemove(activity.SpanId, out var depth) ? depth - 1 : 0))
            .Append(activity.DisplayName)
            .Append(CultureInfo.InvariantCulture, $" {activity.Duration.TotalMilliseconds:0.0} ms");
        if (activity.Status != ActivityStatusCode.Unset)
        {
            line.Append(' ').Append(activity.Status);
        }

        foreach (var (key, value) in activity.EnumerateTagObjects())
        {
            line.Append(' ').Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        // The task id, a fail code and a URL come from the server: escaped and bounded like everything it says.
        _error.WriteLine(TerminalText.Escape(line.ToString(), 2048));
    }
}
