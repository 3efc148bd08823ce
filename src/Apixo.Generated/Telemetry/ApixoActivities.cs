using System.Diagnostics;
using System.Reflection;

namespace Apixo.Generated.Telemetry;

/// <summary>
/// The client's <see cref="ActivitySource"/>, and how a span records a failure. The spans are the client's own steps
/// (submit, one status call, a whole wait); the HTTP calls under them are HttpClient's spans, not repeated here.
/// </summary>
/// <remarks>
/// Spans keep the Activity clock, not the client's <see cref="TimeProvider"/>: the HttpClient spans nested in them
/// are timed by it, and a trace must be on one clock. Measured durations (<c>apixo.task.duration</c>) use the TimeProvider.
/// </remarks>
internal static class ApixoActivities
{
    /// <summary>The package's version, on the source and the meter.</summary>
    public static readonly string? Version = typeof(ApixoActivities).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    public static readonly ActivitySource Source = new(ApixoTelemetry.ActivitySourceName, Version);

    /// <summary>
    /// Marks <paramref name="activity"/> failed, per the OpenTelemetry conventions: status Error, described by the
    /// exception's type (never its message, which may quote the server), and <c>error.type</c>; the service's error
    /// kind and a failed task's fail code beside them.
    /// </summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        var type = exception.GetType().FullName;
        activity.SetStatus(ActivityStatusCode.Error, type);
        activity.SetTag(ApixoSemanticNames.ErrorType, type);
        if (exception is ApixoApiException api)
        {
            activity.SetTag(ApixoSemanticNames.ErrorKind, api.Kind.ToString());
        }

        if (exception is TaskFailedException failed)
        {
            activity.SetTag(ApixoSemanticNames.FailCode, failed.FailCode.Value);
        }
    }

    /// <summary>The wire name of <paramref name="resolution"/>, or null for a value the contract does not name.</summary>
    public static string? WireOf(Resolution resolution) =>
        ResolutionValues.All.Contains(resolution) ? ResolutionValues.ToWire(resolution) : null;
}
