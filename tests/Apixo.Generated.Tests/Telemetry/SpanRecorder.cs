using System.Collections.Concurrent;
using System.Diagnostics;

namespace Apixo.Generated.Tests.Telemetry;

/// <summary>
/// Collects the client's spans with an <see cref="ActivityListener"/>, as an exporter would: only those of one trace
/// (a root this recorder starts), so that tests running beside it do not mix theirs in.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly Activity _root;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ApixoTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
        _root = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
    }

    /// <summary>The root the test's spans hang under.</summary>
    public ActivitySpanId RootSpanId => _root.SpanId;

    /// <summary>The spans of this test's trace that ended, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => _stopped.Where(span => span.TraceId == _root.TraceId).ToArray();

    public IReadOnlyList<Activity> Named(string name) => Spans.Where(span => span.OperationName == name).ToArray();

    public void Dispose()
    {
        _root.Stop();
        _listener.Dispose();
    }
}
