using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Apixo.Generated.Telemetry;

/// <summary>
/// The client's instruments, on one <see cref="Meter"/> named <see cref="ApixoTelemetry.MeterName"/>. Built through DI,
/// the meter comes from the container's <see cref="IMeterFactory"/> (so that it is disposed with it and tests can
/// collect it alone); built without DI, from one static meter, as the Microsoft.Extensions libraries do.
/// </summary>
internal sealed class ApixoMetrics
{
    private static readonly ConditionalWeakTable<IMeterFactory, ApixoMetrics> ByFactory = new();
    private static readonly Lazy<ApixoMetrics> Static = new(() => new ApixoMetrics(new Meter(ApixoTelemetry.MeterName, ApixoActivities.Version)));

    private ApixoMetrics(Meter meter)
    {
        // UCUM has no currencies. OpenTelemetry asks for UCUM units, and UCUM's way to count a thing it has no unit
        // for is an annotation in braces (dimensionless 1, as {task} or {request}): {USD}. A bare "USD" is no UCUM unit, and
        // exporters that translate units would take it for one. The currency is the contract's, as the prices are.
        var currency = "{" + GptImage2Pricing.Currency + "}";
        TasksSubmitted = meter.CreateCounter<long>(ApixoSemanticNames.TasksSubmitted, "{task}", "Tasks the server accepted.");
        SubmitsOutcomeUnknown = meter.CreateCounter<long>(ApixoSemanticNames.SubmitsOutcomeUnknown, "{submit}", "Submits that may or may not have created a (billed) task: the request left and no answer says which.");
        TaskPolls = meter.CreateHistogram<int>(ApixoSemanticNames.TaskPolls, "{poll}", "Status calls one wait made, missed ones included.");
        TaskDuration = CreateDurationHistogram(meter);
        TasksCompleted = meter.CreateCounter<long>(ApixoSemanticNames.TasksCompleted, "{task}", "Tasks seen reaching a terminal state, by outcome and fail code.");
        EstimatedCost = meter.CreateCounter<double>(ApixoSemanticNames.EstimatedCost, currency, $"What the accepted tasks cost, in {GptImage2Pricing.Currency}, from the contract's price table.");
    }

    public Counter<long> TasksSubmitted { get; }

    public Counter<long> SubmitsOutcomeUnknown { get; }

    public Histogram<int> TaskPolls { get; }

    public Histogram<double> TaskDuration { get; }

    public Counter<long> TasksCompleted { get; }

    public Counter<double> EstimatedCost { get; }

    /// <summary>The instruments on <paramref name="factory"/>'s meter, made once per factory; the static meter's without one.</summary>
    public static ApixoMetrics For(IMeterFactory? factory) =>
        factory is null ? Static.Value : ByFactory.GetValue(factory, static f => new ApixoMetrics(f.Create(new MeterOptions(ApixoTelemetry.MeterName) { Version = ApixoActivities.Version })));

    private static Histogram<double> CreateDurationHistogram(Meter meter)
    {
        const string Description = "Time from submit to the status answer that showed a terminal state.";
#if NET9_0_OR_GREATER
        // Buckets on the contract's schedule rather than the default ones, made for milliseconds.
        return meter.CreateHistogram<double>(ApixoSemanticNames.TaskDuration, "s", Description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets() });
#else
        return meter.CreateHistogram<double>(ApixoSemanticNames.TaskDuration, "s", Description);
#endif
    }

#if NET9_0_OR_GREATER
    // Each resolution's first poll, typical range, and one and a half and twice its typical maximum.
    internal static IReadOnlyList<double> DurationBuckets()
    {
        var bounds = new SortedSet<double>();
        foreach (var resolution in ResolutionValues.All)
        {
            var schedule = GptImage2Polling.For(resolution);
            bounds.Add(schedule.FirstPoll.TotalSeconds);
            bounds.Add(schedule.TypicalMin.TotalSeconds);
            bounds.Add(schedule.TypicalMax.TotalSeconds);
            bounds.Add(schedule.TypicalMax.TotalSeconds * 1.5);
            bounds.Add(schedule.TypicalMax.TotalSeconds * 2);
        }

        return [.. bounds];
    }
#endif
}
