namespace Apixo.Generated;

/// <summary>
/// The names under which the client emits OpenTelemetry data: pass them to <c>AddSource</c> and <c>AddMeter</c>.
/// Spans and instruments are listed, with their attributes and units, in the package's README.
/// </summary>
public static class ApixoTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of the submit, status and wait spans: the package's name.</summary>
    public const string ActivitySourceName = "Apixo.Generated";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of the client's instruments: the package's name.</summary>
    public const string MeterName = "Apixo.Generated";
}
