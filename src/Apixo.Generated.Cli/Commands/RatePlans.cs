using System.CommandLine;
using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>The plans as <c>batch</c> reads them, from the contract's table (x-apixo-rate-limits): names, figures and help.</summary>
internal static class RatePlans
{
    public static Option<string?> Option()
    {
        var names = GptImage2RateLimits.All.Select(plan => plan.Name).ToList();
        var option = new Option<string?>("--plan")
        {
            Description = $"Your APIXO plan: the batch keeps every request, submits and status polls, within its requests per minute, and its tasks in flight within its concurrent tasks ({string.Join("; ", GptImage2RateLimits.All.Select(Describe))}).",
            HelpName = string.Join("|", names),
        };
        option.Validators.Add(result =>
        {
            var given = result.GetValueOrDefault<string?>();
            if (given is not null && !GptImage2RateLimits.TryGet(given, out _))
            {
                result.AddError($"--plan: '{given}' is not one of {string.Join(", ", names)}.");
            }
        });
        return option;
    }

    public static RatePlan? Parse(string? name) => GptImage2RateLimits.TryGet(name, out var plan) ? plan : null;

    /// <summary>Refuses figures the runner would refuse, in the options' own words.</summary>
    public static void Check(BatchOptions options)
    {
        if (options.MaxCost is < 0)
        {
            throw new CliInputException("--max-cost may not be negative.");
        }

        if (options.Concurrency is < 1 || options.Concurrency > options.Plan?.ConcurrentTasks)
        {
            throw new CliInputException($"--concurrency must be at least 1{(options.Plan?.ConcurrentTasks is { } tasks ? $", and at most plan {options.Plan.Name}'s {tasks} concurrent tasks" : string.Empty)}.");
        }

        if (options.RequestsPerMinute is < 1 || options.RequestsPerMinute > options.Plan?.RequestsPerMinute)
        {
            throw new CliInputException($"--requests-per-minute must be at least 1{(options.Plan?.RequestsPerMinute is { } limit ? $", and at most plan {options.Plan.Name}'s {limit}" : string.Empty)}.");
        }

        if (options.Plan is { RequestsPerMinute: null } custom && options.RequestsPerMinute is null)
        {
            throw new CliInputException($"Plan {custom.Name}'s requests per minute are custom (agreed with APIXO): give --requests-per-minute.");
        }
    }

    /// <summary>The pace the batch keeps, in one line.</summary>
    public static string Pace(BatchOptions options)
    {
        var concurrency = options.EffectiveConcurrency;
        var perMinute = options.EffectiveRequestsPerMinute;
        var plan = options.Plan is { } named ? $" (plan {named.Name})" : string.Empty;
        return perMinute is { } limit
            ? $"Pace: at most {concurrency} tasks in flight and {limit} requests per minute, submits and status polls together{plan}."
            : $"Pace: at most {concurrency} tasks in flight; no request limit{plan} (--plan or --requests-per-minute sets one).";
    }

    private static string Describe(RatePlan plan) =>
        $"{plan.Name}: {Figure(plan.RequestsPerMinute)} requests/min, {Figure(plan.ConcurrentTasks)} tasks";

    private static string Figure(int? figure) => figure?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "custom";
}
