using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Apixo.Generated.Telemetry;

/// <summary>
/// What one <see cref="ApixoClient"/> reports: a span per submit and per status call, and the submit and outcome
/// counters. Tag values are the contract's wire names (mode, resolution, state, fail code), read from the generated
/// tables; never the key, never the prompt.
/// </summary>
internal sealed class ApixoInstrumentation(ApixoMetrics metrics, TimeProvider time)
{
    public ApixoMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    public static Activity? StartSubmit(GenerateTaskRequest request)
    {
        var activity = ApixoActivities.Source.StartActivity(ApixoSemanticNames.SubmitSpan, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            var (mode, resolution) = Describe(request);
            activity.SetTag(ApixoSemanticNames.Mode, mode);
            activity.SetTag(ApixoSemanticNames.Resolution, resolution);
        }

        return activity;
    }

    /// <summary>An accepted submit: the task is billed from here, so its estimated cost is counted here.</summary>
    public void Submitted(Activity? activity, GenerateTaskRequest request, string taskId)
    {
        activity?.SetTag(ApixoSemanticNames.TaskId, taskId);
        if (Metrics.TasksSubmitted.Enabled || Metrics.EstimatedCost.Enabled)
        {
            var tags = ModeAndResolution(request);
            Metrics.TasksSubmitted.Add(1, tags);
            if (request.Input?.Resolution is not { } resolution || ApixoActivities.WireOf(resolution) is not null)
            {
                Metrics.EstimatedCost.Add((double)GptImage2Pricing.EstimateCost(request), tags);
            }
        }
    }

    public void SubmitFailed(Activity? activity, GenerateTaskRequest request, Exception exception)
    {
        ApixoActivities.Failed(activity, exception);
        if (exception is ApixoSubmitOutcomeUnknownException unknown && Metrics.SubmitsOutcomeUnknown.Enabled)
        {
            var tags = ModeAndResolution(request);
            tags.Add(ApixoSemanticNames.ErrorKind, unknown.Kind.ToString());
            Metrics.SubmitsOutcomeUnknown.Add(1, tags);
        }
    }

    /// <summary>A span for one status call, under <paramref name="parent"/> when a wait makes it.</summary>
    public static Activity? StartStatus(string taskId, string? mode, Resolution? resolution, int? attempt, ActivityContext parent = default)
    {
        var activity = ApixoActivities.Source.StartActivity(ApixoSemanticNames.StatusSpan, ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ApixoSemanticNames.TaskId, taskId);
            activity.SetTag(ApixoSemanticNames.Mode, mode);
            activity.SetTag(ApixoSemanticNames.Resolution, resolution is { } known ? ApixoActivities.WireOf(known) : null);
            if (attempt is { } number)
            {
                activity.SetTag(ApixoSemanticNames.Attempt, number);
            }
        }

        return activity;
    }

    public static void StatusRead(Activity? activity, GenerationTask task)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ApixoSemanticNames.TaskState, task.State.Value);
            if (task.FailCode is { } code)
            {
                activity.SetTag(ApixoSemanticNames.FailCode, code.Value);
            }
        }
    }

    /// <summary>
    /// The first answer of <paramref name="operation"/> that shows a terminal state: its outcome (the state's wire name)
    /// and fail code, and the time since submit when the operation knows it.
    /// </summary>
    public void TaskEnded(GenerationOperation operation, GenerationTask task)
    {
        var tags = ModeAndResolution(operation.Mode, operation.Resolution);
        tags.Add(ApixoSemanticNames.Outcome, task.State.Value);
        if (operation.SubmittedAt is { } submitted)
        {
            Metrics.TaskDuration.Record(Math.Max(0, (Time.GetUtcNow() - submitted).TotalSeconds), tags);
        }

        if (task.FailCode is { } code)
        {
            tags.Add(ApixoSemanticNames.FailCode, code.Value);
        }

        Metrics.TasksCompleted.Add(1, tags);
    }

    internal static TagList ModeAndResolution(string? mode, Resolution resolution)
    {
        var tags = default(TagList);
        if (mode is not null)
        {
            tags.Add(ApixoSemanticNames.Mode, mode);
        }

        if (ApixoActivities.WireOf(resolution) is { } wire)
        {
            tags.Add(ApixoSemanticNames.Resolution, wire);
        }

        return tags;
    }

    private static TagList ModeAndResolution(GenerateTaskRequest request)
    {
        var (mode, resolution) = Describe(request);
        var tags = default(TagList);
        if (mode is not null)
        {
            tags.Add(ApixoSemanticNames.Mode, mode);
        }

        if (resolution is not null)
        {
            tags.Add(ApixoSemanticNames.Resolution, resolution);
        }

        return tags;
    }

    private static (string? Mode, string? Resolution) Describe(GenerateTaskRequest request) =>
        (GptImage2Modes.Of(request.Input)?.Wire, ApixoActivities.WireOf(request.Input?.Resolution ?? ResolutionValues.Default));
}
