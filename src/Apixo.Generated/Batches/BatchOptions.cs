namespace Apixo.Generated.Batches;

/// <summary>How a <see cref="BatchRunner"/> spends, paces and resumes.</summary>
public sealed class BatchOptions
{
    /// <summary>The concurrency when neither <see cref="Concurrency"/> nor the <see cref="Plan"/> gives one.</summary>
    public const int DefaultConcurrency = 4;

    /// <summary>
    /// The most tasks in flight at once (submitted and not yet finished and saved); at most the <see cref="Plan"/>'s concurrent
    /// tasks. Null: the plan's, else <see cref="DefaultConcurrency"/>. Halved on a 429, grown back one at a time.
    /// </summary>
    public int? Concurrency { get; set; }

    /// <summary>
    /// The APIXO plan of the key (from <see cref="GptImage2RateLimits"/>, the contract's table), when known: the batch keeps
    /// every request it makes, submits and status polls, within the plan's requests per minute, and its tasks in flight
    /// within the plan's concurrent tasks. A plan whose requests per minute are custom needs <see cref="RequestsPerMinute"/>.
    /// </summary>
    public RatePlan? Plan { get; set; }

    /// <summary>
    /// Requests per minute for the whole batch, submits and status polls together: a custom plan's figure, or less than the
    /// plan's to leave room for other use of the key (at most the plan's). Null: the plan's, else no limit (only the
    /// pauses after a 429). Polls are never sooner than the contract's schedule; within the limit they may come later.
    /// </summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>
    /// The most the batch may cost, in <see cref="GptImage2Pricing.Currency"/>; null for no bound. A batch whose estimate is above it
    /// does not start, and no submit is made that could take what may have been spent past it.
    /// </summary>
    public decimal? MaxCost { get; set; }

    /// <summary>
    /// Submit again a line whose earlier submit had no answer (its intent is journalled, its task id is not): it may
    /// have created, and billed, a task. Off by default: such a line is reported as <see cref="BatchOutcomeKind.Unknown"/>.
    /// </summary>
    public bool ResubmitUnknown { get; set; }

    /// <summary>
    /// Submit again a line the server refused in an earlier run (<see cref="BatchOutcomeKind.Refused"/>: a 402 after the
    /// balance was topped up, a 401 or 403 after the key was fixed). A refusal created nothing, so this never pays twice;
    /// off by default because the same request is usually refused the same way (a 400).
    /// </summary>
    public bool ResubmitRefused { get; set; }

    /// <summary>
    /// A finished result whose URLs have less than this left of the contract's result lifetime
    /// (<see cref="GptImage2Service.ResultLifetime"/>) gets a warning. Default: an eighth of that lifetime.
    /// </summary>
    public TimeSpan ExpiryWarning { get; set; } = GptImage2Service.ResultLifetime / 8;

    /// <summary>How many times a line refused with 429 (after the client's own retries) is put back before it is reported as refused.</summary>
    public int MaxRateLimitedAttempts { get; set; } = 8;

    /// <summary>
    /// The first pause of all requests after a 429 the client's retries did not absorb (longer when the server's Retry-After
    /// asks for more); it doubles on each further 429, up to <see cref="MaxRateLimitPause"/>.
    /// </summary>
    public TimeSpan RateLimitPause { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest pause after a 429.</summary>
    public TimeSpan MaxRateLimitPause { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Told of every state change of every line while the batch runs (for live progress).</summary>
    public IProgress<BatchItemUpdate>? Progress { get; set; }

    /// <summary>The requests per minute the batch keeps to; null for no limit.</summary>
    internal int? EffectiveRequestsPerMinute => RequestsPerMinute ?? Plan?.RequestsPerMinute;

    /// <summary>The most tasks in flight.</summary>
    internal int EffectiveConcurrency => Concurrency ?? Plan?.ConcurrentTasks ?? DefaultConcurrency;

    internal void Validate()
    {
        if (Concurrency is < 1 || Concurrency > Plan?.ConcurrentTasks)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, $"Concurrency must be at least 1{(Plan?.ConcurrentTasks is { } tasks ? $" and at most plan {Plan.Name}'s {tasks} concurrent tasks" : string.Empty)}.");
        }

        if (RequestsPerMinute is < 1 || RequestsPerMinute > Plan?.RequestsPerMinute)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerMinute), RequestsPerMinute, $"RequestsPerMinute must be at least 1{(Plan?.RequestsPerMinute is { } limit ? $" and at most plan {Plan.Name}'s {limit}" : string.Empty)}.");
        }

        if (Plan is { RequestsPerMinute: null } && RequestsPerMinute is null)
        {
            throw new ArgumentException($"Plan {Plan.Name}'s requests per minute are custom (agreed per account): give RequestsPerMinute.", nameof(RequestsPerMinute));
        }

        if (MaxCost is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCost), MaxCost, "MaxCost may not be negative.");
        }

        if (MaxRateLimitedAttempts < 1 || RateLimitPause <= TimeSpan.Zero || MaxRateLimitPause < RateLimitPause || ExpiryWarning < TimeSpan.Zero)
        {
            throw new ArgumentException("MaxRateLimitedAttempts must be at least 1, RateLimitPause positive and at most MaxRateLimitPause, ExpiryWarning not negative.");
        }
    }
}
