using System.Text;
using System.Text.Json;

namespace Apixo.Generated.Cli;

/// <summary>Where a command writes: the result on stdout (one JSON object with --json), everything else on stderr.</summary>
internal sealed class CliOutput(TextWriter stdout, TextWriter stderr, bool json, bool interactive, Secrets? secrets = null)
{
    private readonly Secrets? _secrets = secrets;

    /// <summary>The keys to keep out of what is printed, and out of file names.</summary>
    public Secrets? Secrets => _secrets;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public bool Json { get; } = json;

    /// <summary>A terminal a person watches: live progress instead of plain lines.</summary>
    public bool Interactive { get; } = interactive && !json;

    /// <summary>The estimated cost of the request, once known, for every result object.</summary>
    public decimal? Estimated { get; set; }

    /// <summary>The operation's rehydration token, once a task is known, for every result object: <c>apixo wait</c> takes it.</summary>
    public string? RehydrationToken { get; set; }

    /// <summary>Whether the API is the in-process sandbox, which ends with the command.</summary>
    public bool InProcessSandbox { get; set; }

    /// <summary>A line for a person: stdout normally, stderr with --json so that stdout stays one JSON object.</summary>
    public void Say(string line) => (Json ? Error : Out).WriteLine(line);

    /// <summary>Writes the one JSON object of --json.</summary>
    public void Result(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The task as JSON: taskId, state, resultUrls, files, failCode, failMsg, the estimated cost and, once known, the rehydration token.</summary>
    public void TaskResult(string taskId, GenerationTask? task, IReadOnlyList<string> files, decimal? estimatedCost, string? error = null) => Result(writer =>
    {
        writer.WriteString("taskId", Redact(taskId));
        writer.WriteString("state", task is null ? null : Redact(task.State.Value));
        writer.WriteStartArray("resultUrls");
        foreach (var url in task?.ResultUrls ?? [])
        {
            writer.WriteStringValue(Redact(url.OriginalString));
        }

        writer.WriteEndArray();
        writer.WriteStartArray("files");
        foreach (var file in files)
        {
            writer.WriteStringValue(file);
        }

        writer.WriteEndArray();
        writer.WriteString("failCode", Redact(task?.FailCode?.Value));
        writer.WriteString("failMsg", Redact(task?.FailMessage));
        if (estimatedCost is { } cost)
        {
            writer.WriteNumber("estimatedCost", cost);
        }
        else
        {
            writer.WriteNull("estimatedCost");
        }

        if (RehydrationToken is not null)
        {
            writer.WriteString("rehydrationToken", Redact(RehydrationToken));
        }

        if (error is not null)
        {
            writer.WriteString("error", Redact(error));
        }
    });

    // Before encoding: the JSON writer escapes characters such as + and <, and an escaped key would not match.
    private string? Redact(string? value) => value is null || _secrets is null ? value : _secrets.Redact(value);
}
