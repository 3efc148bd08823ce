using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Apixo.Generated.Batches;

/// <summary>
/// The default journal: a JSON Lines file, appended to and flushed to disk (fsync) after every record, held
/// exclusively by one process at a time. A record cut short by a crash (the last line, without its line break) is
/// dropped when the file is opened again; any other unreadable line is an error, never skipped.
/// </summary>
/// <remarks>
/// Why a log and not SQLite: the library targets net8.0 and net10.0, is AOT-compatible and has no native dependency;
/// a journal is written by one process, only ever appended to, and read whole once at start, which is what a log does
/// best; and a person can read it with <c>cat</c>. An fsync per record costs about a millisecond on a local disk, far
/// below a submit's round trip.
/// </remarks>
public sealed class FileBatchJournal : IBatchJournal
{
    /// <summary>The first line's <c>format</c>.</summary>
    public const string Format = "apixo-batch-journal";

    /// <summary>The format version this class writes and reads.</summary>
    public const int Version = 1;

    private readonly FileStream _file;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly List<BatchJournalRecord> _read;

    private FileBatchJournal(string path, FileStream file, List<BatchJournalRecord> read)
    {
        FullPath = path;
        _file = file;
        _read = read;
    }

    /// <summary>The journal's absolute path.</summary>
    public string FullPath { get; }

    /// <summary>Opens (or creates) the journal at <paramref name="path"/>, exclusively.</summary>
    /// <exception cref="IOException">Another process holds it, or it cannot be opened.</exception>
    /// <exception cref="InvalidDataException">It is not a batch journal of this version, or a line inside it is damaged.</exception>
    public static FileBatchJournal Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        // FileShare.None is an exclusive lock on Unix too (flock): two runs resuming one journal would submit twice.
        var file = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
        try
        {
            var records = ReadAndRepair(file, full);
            return new FileBatchJournal(full, file, records);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BatchJournalRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_read)
        {
            return ValueTask.FromResult<IReadOnlyList<BatchJournalRecord>>([.. _read]);
        }
    }

    /// <inheritdoc/>
    public async ValueTask AppendAsync(BatchJournalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = Serialize(record);
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _file.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            _file.Flush(flushToDisk: true);
            lock (_read)
            {
                _read.Add(record);
            }
        }
        finally
        {
            _write.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        _write.Dispose();
    }

    private static List<BatchJournalRecord> ReadAndRepair(FileStream file, string path)
    {
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        var records = new List<BatchJournalRecord>();
        if (bytes.Length == 0)
        {
            var header = Encoding.UTF8.GetBytes($"{{\"format\":\"{Format}\",\"version\":{Version}}}\n");
            file.Write(header);
            file.Flush(flushToDisk: true);
            return records;
        }

        // A crash in the middle of a write leaves a last line without its line break: it never became durable, so
        // nothing acted on it (the submit after an intent waits for the fsync). It is cut off before appending.
        var complete = bytes.AsSpan(0, bytes.AsSpan().LastIndexOf((byte)'\n') + 1);
        if (complete.Length < bytes.Length)
        {
            file.SetLength(complete.Length);
            file.Flush(flushToDisk: true);
        }

        file.Seek(0, SeekOrigin.End);
        var lineNumber = 0;
        foreach (var range in Lines(complete))
        {
            lineNumber++;
            var line = complete[range];
            try
            {
                using var document = JsonDocument.Parse(line.ToArray());
                var root = document.RootElement;
                if (lineNumber == 1)
                {
                    if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                    {
                        throw new InvalidDataException($"{path} is not a batch journal (its first line has no \"format\": \"{Format}\").");
                    }

                    if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number) || number != Version)
                    {
                        throw new InvalidDataException($"{path} is a batch journal of another format version; this client reads version {Version}.");
                    }

                    continue;
                }

                records.Add(Deserialize(root));
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or ArgumentException)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: not a journal record ({exception.Message}).", exception);
            }
        }

        return records;
    }

    private static List<Range> Lines(ReadOnlySpan<byte> text)
    {
        var ranges = new List<Range>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'\n')
            {
                if (i > start)
                {
                    ranges.Add(start..i);
                }

                start = i + 1;
            }
        }

        return ranges;
    }

    private static byte[] Serialize(BatchJournalRecord record)
    {
        using var buffer = new MemoryStream();
        // The default encoder: server text (a fail message, a task id) may hold bidi or other controls, and a person reads
        // this file with cat; everything but printable ASCII is escaped.
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", KindName(record.Kind));
            writer.WriteString("id", record.Id);
            writer.WriteString("at", record.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            if (record.Request is not null)
            {
                // Kept as a JSON object, not a string of JSON: the journal stays readable with cat.
                writer.WritePropertyName("request");
                writer.WriteRawValue(record.Request);
            }
            if (record.Cost is { } cost)
            {
                writer.WriteNumber("cost", cost);
            }

            WriteIf(writer, "taskId", record.TaskId);
            WriteIf(writer, "token", record.Token);
            WriteIf(writer, "state", record.State);
            WriteIf(writer, "failCode", record.FailCode);
            if (record.CompletedAt is { } completed)
            {
                writer.WriteString("completedAt", completed.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            }

            WriteIf(writer, "file", record.File);
            if (record.Outcome is { } outcome)
            {
                writer.WriteString("outcome", BatchOutcomes.Name(outcome));
            }

            WriteIf(writer, "message", record.Message);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static BatchJournalRecord Deserialize(JsonElement root) => new()
    {
        Kind = ParseKind(root.GetProperty("kind").GetString()),
        Id = root.GetProperty("id").GetString() ?? throw new FormatException("id is null"),
        At = DateTimeOffset.Parse(root.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Request = root.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.Object ? request.GetRawText() : null,
        Cost = root.TryGetProperty("cost", out var cost) ? cost.GetDecimal() : null,
        TaskId = Text(root, "taskId"),
        Token = Text(root, "token"),
        State = Text(root, "state"),
        FailCode = Text(root, "failCode"),
        CompletedAt = Text(root, "completedAt") is { } completed ? DateTimeOffset.Parse(completed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null,
        File = Text(root, "file"),
        Outcome = Text(root, "outcome") is { } outcome ? BatchOutcomes.Parse(outcome) : null,
        Message = Text(root, "message"),
    };

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteIf(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    // Names in the file are lower-case words, stable whatever the C# names become.
    private static string KindName(BatchJournalRecordKind kind) => kind.ToString().ToLowerInvariant();

    private static BatchJournalRecordKind ParseKind(string? name)
    {
        foreach (var kind in Enum.GetValues<BatchJournalRecordKind>())
        {
            if (KindName(kind) == name)
            {
                return kind;
            }
        }

        throw new FormatException($"unknown kind '{name}'");
    }
}

/// <summary>Stable lower-case names of <see cref="BatchOutcomeKind"/> for files (journal, results.jsonl).</summary>
public static class BatchOutcomes
{
    /// <summary>The name of <paramref name="kind"/>: <c>succeeded</c>, <c>failed</c>, <c>unknown</c>, <c>refused</c>, <c>not-submitted</c>, <c>pending</c>, <c>not-saved</c>.</summary>
    public static string Name(BatchOutcomeKind kind) => kind switch
    {
        BatchOutcomeKind.NotSubmitted => "not-submitted",
        BatchOutcomeKind.NotSaved => "not-saved",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The kind named <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">No kind has that name.</exception>
    public static BatchOutcomeKind Parse(string name)
    {
        foreach (var kind in Enum.GetValues<BatchOutcomeKind>())
        {
            if (Name(kind) == name)
            {
                return kind;
            }
        }

        throw new FormatException($"unknown outcome '{name}'");
    }
}
