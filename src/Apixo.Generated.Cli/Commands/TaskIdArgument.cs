using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary>The task id a user types for <c>status</c> and <c>wait</c>: checked before anything is sent.</summary>
internal static class TaskIdArgument
{
    public const int MaxLength = 256;

    public static Argument<string> Create() => new("taskId") { Description = "The id submit printed." };

    /// <summary>The id, or a <see cref="CliInputException"/> when it is empty, whitespace, too long or holds control characters.</summary>
    public static string Read(ParseResult parse, Argument<string> argument)
    {
        var id = parse.GetValue(argument);
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new CliInputException("The task id is empty; nothing was sent.");
        }

        if (id.Length > MaxLength || id.Any(char.IsControl) || id != id.Trim())
        {
            throw new CliInputException($"'{TerminalText.Escape(id, 64)}' is not a task id (at most {MaxLength} characters, no spaces around it, no control characters); nothing was sent.");
        }

        return id;
    }
}
