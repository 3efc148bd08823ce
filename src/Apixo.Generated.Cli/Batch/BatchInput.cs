using System.Globalization;
using System.Text.Json;
using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>A line of a requests file that breaks a rule: its number, the field (a JSON path) and the rule.</summary>
internal sealed record BatchLineError(int Line, string Field, string Rule, string Message);

/// <summary>
/// The requests of a batch: a JSON Lines file read whole and every line checked through the generated builders before
/// anything is sent, or the lines a journal planned (a resumed batch needs nothing else).
/// </summary>
internal sealed record BatchInput(IReadOnlyList<BatchItem> Items, IReadOnlyList<BatchLineError> Errors)
{
    public static BatchInput ReadFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliInputException($"The requests file '{TerminalText.Escape(path)}' cannot be read: {exception.Message}");
        }

        var items = new List<BatchItem>();
        var errors = new List<BatchLineError>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            if (string.IsNullOrWhiteSpace(lines[index]))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(lines[index]);
            }
            catch (JsonException exception)
            {
                errors.Add(new BatchLineError(number, "/", "json", $"not a JSON object ({exception.Message})"));
                continue;
            }

            using (document)
            {
                if (!BatchRequestLine.TryParse(document.RootElement, out var id, out var request, out var broken))
                {
                    errors.AddRange(broken.Select(error => new BatchLineError(number, error.Path, error.Rule, error.Message)));
                    continue;
                }

                // The line number is the id of a line that has none; an id is unique, since it names the line's files.
                id ??= number.ToString(CultureInfo.InvariantCulture);
                if (ids.TryGetValue(id, out var first))
                {
                    errors.Add(new BatchLineError(number, "/" + BatchRequestLine.IdMember, "unique", $"/{BatchRequestLine.IdMember}: breaks 'unique' (the id '{TerminalText.Escape(id, 128)}' is also line {first}'s)"));
                    continue;
                }

                ids[id] = number;
                items.Add(new BatchItem(id, request));
            }
        }

        if (items.Count == 0 && errors.Count == 0)
        {
            throw new CliInputException($"The requests file '{TerminalText.Escape(path)}' holds no request.");
        }

        return new BatchInput(items, errors);
    }

    /// <summary>The lines a journal planned, in order, each rebuilt through the generated builders.</summary>
    public static BatchInput FromJournal(IReadOnlyList<BatchJournalRecord> records, string path)
    {
        if (!BatchJournalEntry.IsPlanComplete(records))
        {
            throw new CliInputException($"The journal '{TerminalText.Escape(path)}' was cut before its plan was complete (nothing was submitted before that): give the requests file too, apixo batch <requests.jsonl> --resume {TerminalText.ShellWord(path)}.");
        }

        var items = new List<BatchItem>();
        var errors = new List<BatchLineError>();
        foreach (var entry in BatchJournalEntry.Replay(records).Values)
        {
            if (entry.Request is null)
            {
                continue;
            }

            using var document = JsonDocument.Parse(entry.Request);
            if (BatchRequestLine.TryParse(document.RootElement, out _, out var request, out var broken))
            {
                items.Add(new BatchItem(entry.Id, request));
            }
            else
            {
                errors.AddRange(broken.Select(error => new BatchLineError(0, error.Path, error.Rule, $"journal line {TerminalText.Escape(entry.Id, 128)}: {error.Message}")));
            }
        }

        if (items.Count == 0 && errors.Count == 0)
        {
            throw new CliInputException($"The journal '{TerminalText.Escape(path)}' plans no request: give the requests file.");
        }

        return new BatchInput(items, errors);
    }
}
