namespace Apixo.Generated.Sandbox;

/// <summary>Settings of <see cref="ApixoSandbox"/>.</summary>
public sealed class SandboxOptions
{
    /// <summary>The loopback port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>How much faster than real time tasks progress (60: a 60-second task takes one real second). 1 is real time.</summary>
    public double Speed { get; set; } = 60;

    /// <summary>The only key accepted, when set; otherwise any non-empty bearer key is.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The starting balance in USD; each accepted task costs its price, and a submit beyond it gets 402.</summary>
    public decimal Balance { get; set; } = 100m;

    /// <summary>Whether callbacks may go to http on a loopback host (for local receivers and tests).</summary>
    public bool AllowLoopbackCallbacks { get; set; }

    /// <summary>Requests per minute (sandbox time) per key before 429, like APIXO's plans; null: no limit.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Unfinished tasks per key before a submit gets 429; null: no limit.</summary>
    public int? ConcurrentTasks { get; set; }

    /// <summary>
    /// The OpenAPI contract (YAML text) the sandbox follows: its request schema, operations, states and callback
    /// rules. Null: the contract it was built with. For testing a client against a contract that changed.
    /// </summary>
    public string? Contract { get; set; }

    /// <summary>The clock; by default a <see cref="SandboxClock"/> at <see cref="Speed"/>.</summary>
    public TimeProvider? Clock { get; set; }
}
