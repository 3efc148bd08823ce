namespace Apixo.Generated.Batches;

/// <summary>How a <see cref="BatchRunner"/> spends, paces and resumes.</summary>
public sealed class BatchOptions
{
    /// <summary>The most tasks in flight at once (submitted and not yet finished and saved). Halved on a 429, grown back one at a time.</summary>
    public int Concurrency { get; set; } = 4;

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

    /// <summary>
    /// The plan's submits per minute, when known (APIXO's plans limit requests per key): submits are spaced evenly to stay
    /// within it. Null: no spacing, only the back-off after a 429. Status polls follow the contract's schedule and are not counted here.
    /// </summary>
    public int? SubmitsPerMinute { get; set; }

    /// <summary>How many times a line refused with 429 (after the client's own retries) is put back before it is reported as refused.</summary>
    public int MaxRateLimitedAttempts { get; set; } = 8;

    /// <summary>The first pause of all submits after a 429 the client's retries did not absorb; it doubles on each further 429, up to <see cref="MaxRateLimitPause"/>.</summary>
    public TimeSpan RateLimitPause { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest pause after a 429.</summary>
    public TimeSpan MaxRateLimitPause { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Told of every state change of every line while the batch runs (for live progress).</summary>
    public IProgress<BatchItemUpdate>? Progress { get; set; }

    internal void Validate()
    {
        if (Concurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "Concurrency must be at least 1.");
        }

        if (SubmitsPerMinute is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SubmitsPerMinute), SubmitsPerMinute, "SubmitsPerMinute must be at least 1.");
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
