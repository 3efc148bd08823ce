using System.Text.Json.Nodes;

namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>What the README documents of apixo's output: exit codes, help lines, the --json object.</summary>
internal static class Cli
{
    public const int Success = 0;
    public const int InvalidInput = 2;
    public const int TaskFailed = 3;

    /// <summary>The help line of <paramref name="name"/> (an option, or the prompt argument as <c>&lt;prompt&gt;</c>); fails when there is none.</summary>
    public static string HelpLine(string help, string name) =>
        FindHelpLine(help, name) ?? throw new Xunit.Sdk.XunitException($"The help has no line for {name}:{Environment.NewLine}{help}");

    public static string? FindHelpLine(string help, string name) =>
        help.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(name + " ", StringComparison.Ordinal));

    /// <summary>The one JSON object of a --json run.</summary>
    public static JsonNode Json(ProcessOutcome run)
    {
        try
        {
            return JsonNode.Parse(run.Stdout) ?? throw new Xunit.Sdk.XunitException($"No JSON object on stdout: {run}");
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not one JSON object ({exception.Message}): {run}");
        }
    }

    /// <summary>Asserts the exit code, showing the whole run when it differs.</summary>
    public static ProcessOutcome Exits(this ProcessOutcome run, int expected)
    {
        Assert.True(run.ExitCode == expected, $"Expected exit {expected}: {run}");
        return run;
    }
}
