using System.Globalization;
using System.Text.RegularExpressions;

namespace Apixo.Generated.Sandbox.Faults;

/// <summary>
/// Faults a prompt asks for with markers, so that any client can provoke them over the wire:
/// <c>[fail:CODE]</c>, <c>[submit:STATUS]</c>, <c>[status:STATUS]</c> or <c>[status:STATUSxN]</c>,
/// <c>[retry-after:SECONDS]</c>, <c>[slow:MILLISECONDS]</c>, <c>[drop]</c> (the submit) and <c>[drop:status]</c>
/// (the first status call), and <c>[state:NAME]</c> (the task ends in the contract's state NAME).
/// </summary>
internal sealed partial record SandboxFaults(string? FailCode, int? SubmitStatus, int? StatusStatus, int StatusTimes, int? RetryAfterSeconds, int SlowMilliseconds, bool Drop, bool DropStatus = false, string? State = null)
{
    public static readonly SandboxFaults None = new(null, null, null, 0, null, 0, false);

    /// <summary>The markers of <paramref name="prompt"/>; <c>[state:NAME]</c> counts only when NAME is one of <paramref name="states"/>.</summary>
    public static SandboxFaults Parse(string prompt, IReadOnlyCollection<string> states)
    {
        var faults = None;
        foreach (Match marker in Marker().Matches(prompt))
        {
            var name = marker.Groups["name"].Value;
            var value = marker.Groups["value"].Value;
            faults = name switch
            {
                "fail" when value.Length > 0 => faults with { FailCode = value },
                "submit" when Status(value) is { } status => faults with { SubmitStatus = status },
                "status" when RepeatedStatus(value) is { } repeat => faults with { StatusStatus = repeat.Status, StatusTimes = repeat.Times },
                "retry-after" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) => faults with { RetryAfterSeconds = seconds },
                "slow" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) => faults with { SlowMilliseconds = Math.Min(ms, 60_000) },
                "drop" when value == "status" => faults with { DropStatus = true },
                "drop" => faults with { Drop = true },
                "state" when states.Contains(value, StringComparer.Ordinal) => faults with { State = value },
                _ => faults,
            };
        }

        return faults;
    }

    private static int? Status(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status is >= 400 and <= 599 ? status : null;

    private static (int Status, int Times)? RepeatedStatus(string value)
    {
        var parts = value.Split('x');
        var times = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        return Status(parts[0]) is { } status ? (status, times) : null;
    }

    [GeneratedRegex(@"\[(?<name>fail|submit|status|retry-after|slow|drop|state)(?::(?<value>[A-Za-z0-9_\-]+))?\]")]
    private static partial Regex Marker();
}
