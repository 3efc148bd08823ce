using System.Text;
using System.Text.Json;
using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>
/// <c>results.jsonl</c> in <c>--out</c>: one JSON object per line of the batch (id, taskId, state, outcome, files,
/// resultUrls, failCode, failMsg, cost, message, errorKind), written whole under a temporary name and renamed, so a reader never
/// sees half of it. Server text is kept as sent (JSON escapes it); the key is masked.
/// </summary>
internal static class BatchResultsFile
{
    public const string FileName = "results.jsonl";

    public static string Write(OutputFolder folder, IEnumerable<BatchItemOutcome> outcomes, Secrets? secrets)
    {
        var path = Path.Combine(folder.FullPath, FileName);
        var temporary = Path.Combine(folder.FullPath, $".{FileName}.{Guid.NewGuid():N}.tmp");
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            foreach (var outcome in outcomes)
            {
                file.Write(Line(outcome, secrets));
                file.WriteByte((byte)'\n');
            }

            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static byte[] Line(BatchItemOutcome outcome, Secrets? secrets)
    {
        string? Safe(string? text) => text is null || secrets is null ? text : secrets.Redact(text);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", outcome.Id);
            writer.WriteString("taskId", Safe(outcome.TaskId));
            writer.WriteString("state", Safe(outcome.State));
            writer.WriteString("outcome", BatchOutcomes.Name(outcome.Kind));
            writer.WriteStartArray("files");
            foreach (var file in outcome.Files)
            {
                writer.WriteStringValue(file);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("resultUrls");
            foreach (var url in outcome.ResultUrls)
            {
                writer.WriteStringValue(Safe(url.OriginalString));
            }

            writer.WriteEndArray();
            writer.WriteString("failCode", Safe(outcome.FailCode));
            writer.WriteString("failMsg", Safe(outcome.FailMessage));
            writer.WriteNumber("cost", outcome.Cost);
            writer.WriteString("message", Safe(outcome.Message));
            // The client's name of the error that ended the line (a refusal's InsufficientBalance, a submit's Transport…), or null.
            writer.WriteString("errorKind", outcome.ErrorKind?.ToString());
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads the file back (for tests and for tools): one parsed object per line.</summary>
    public static IReadOnlyList<JsonElement> Read(string path) =>
        [.. File.ReadAllLines(path, Encoding.UTF8).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
}
