using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Apixo.Generated.Batches;

/// <summary>
/// The default journal: a JSON Lines file, appended to and flushed to disk (fsync) after every record, held
/// exclusively by one process at a time. Creating it is durable too: the folders made for it, and the folder that holds
/// its name, are flushed (see <see cref="Open(string)"/>). A record cut short by a crash (the last line, without its line break)
/// is dropped when the file is opened again; any other unreadable line is an error, never skipped.
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
    internal const string Format = "apixo-batch-journal";

    /// <summary>The format version this class writes and reads.</summary>
    internal const int Version = 1;

    private static readonly byte[] Header = Encoding.UTF8.GetBytes($"{{\"format\":\"{Format}\",\"version\":{Version}}}\n");

    private readonly FileStream _file;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly List<BatchJournalRecord> _read;
    private Exception? _failed;

    private FileBatchJournal(string path, FileStream file, List<BatchJournalRecord> read, int droppedBytes)
    {
        FullPath = path;
        _file = file;
        _read = read;
        DroppedBytes = droppedBytes;
    }

    /// <summary>The journal's absolute path.</summary>
    public string FullPath { get; }

    /// <summary>The bytes of a last record cut short by a crash, dropped when the journal was opened (0: none). Nothing acted on that record: its append never returned.</summary>
    internal int DroppedBytes { get; }

    /// <summary>
    /// Opens (or creates) the journal at <paramref name="path"/>, exclusively. A new journal's missing folders are created,
    /// and on Linux and macOS each folder that holds a new name is flushed to disk, so that a power cut cannot lose the
    /// journal after its first record was reported durable.
    /// </summary>
    /// <exception cref="IOException">Another process holds it, or it cannot be opened.</exception>
    /// <exception cref="InvalidDataException">It is not a batch journal of this version, or a line inside it is damaged; the file is left as it is.</exception>
    public static FileBatchJournal Open(string path) => Open(path, DurableDirectory.Sync, OpenFile);

    /// <summary><see cref="Open(string)"/>, with the flush of a folder and the opening of the file given (tests watch them).</summary>
    internal static FileBatchJournal Open(string path, Action<string> syncDirectory, Func<string, FileStream>? openFile = null)
    {
        openFile ??= OpenFile;
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        DurableDirectory.Create(folder, syncDirectory);
        var file = openFile(full);
        try
        {
            var (records, dropped) = ReadAndRepair(file, full, syncDirectory);
            return new FileBatchJournal(full, file, records, dropped);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    // FileShare.None is an exclusive lock on Unix too (flock): two runs resuming one journal would submit twice.
    private static FileStream OpenFile(string path) => new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BatchJournalRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_read)
        {
            return ValueTask.FromResult<IReadOnlyList<BatchJournalRecord>>([.. _read]);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">The record could not be written and flushed, or an earlier one could not: after a failed write
    /// nothing more is appended (a record after a half-written one would damage the file); reopen the journal to resume.</exception>
    public async ValueTask AppendAsync(BatchJournalRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = Serialize(record);
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_failed is not null)
            {
                throw new IOException($"The journal {FullPath} takes no more records after a failed write ({_failed.Message}); reopen it to resume the batch.", _failed);
            }

            try
            {
                await _file.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
                _file.Flush(flushToDisk: true);
            }
            catch (Exception exception)
            {
                // Part of the line may be in the file: anything appended after it would sit behind a damaged line. Opening
                // the file again drops the part (it has no line break) or keeps the whole record, never a damaged one.
                _failed = exception;
                throw;
            }

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

    private static (List<BatchJournalRecord> Records, int Dropped) ReadAndRepair(FileStream file, string path, Action<string> syncDirectory)
    {
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        var records = new List<BatchJournalRecord>();
        var firstBreak = bytes.AsSpan().IndexOf((byte)'\n');
        if (firstBreak < 0)
        {
            // A new file, or one whose header was cut short by a crash: the header is (re)written. Anything else without a
            // line break is not a journal, and is left as it is.
            if (!Header.AsSpan().StartsWith(bytes))
            {
                throw new InvalidDataException($"{path} is not a batch journal (its first line has no \"format\": \"{Format}\").");
            }

            file.SetLength(0);
            file.Write(Header);
            file.Flush(flushToDisk: true);
            // The file's name is in its folder: flushed too, once the header is on disk, before any record is appended.
            syncDirectory(Path.GetDirectoryName(path)!);
            return (records, bytes.Length);
        }

        // The header is checked before anything is cut: a file that is not a journal is never changed.
        CheckHeader(bytes.AsSpan(0, firstBreak), path);

        // A crash in the middle of a write leaves a last line without its line break: it never became durable, so
        // nothing acted on it (the submit after an intent waits for the fsync). It is cut off before appending.
        var complete = bytes.AsSpan(0, bytes.AsSpan().LastIndexOf((byte)'\n') + 1);
        var dropped = bytes.Length - complete.Length;
        if (dropped > 0)
        {
            file.SetLength(complete.Length);
            file.Flush(flushToDisk: true);
        }

        file.Seek(0, SeekOrigin.End);
        var body = complete[(firstBreak + 1)..];
        var lineNumber = 1;
        foreach (var range in Lines(body))
        {
            lineNumber++;
            try
            {
                using var document = JsonDocument.Parse(body[range].ToArray());
                records.Add(Deserialize(document.RootElement));
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or ArgumentException)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: not a journal record ({exception.Message}).", exception);
            }
        }

        return (records, dropped);
    }

    private static void CheckHeader(ReadOnlySpan<byte> line, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw new InvalidDataException($"{path} is not a batch journal (its first line has no \"format\": \"{Format}\").");
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != Version)
            {
                throw new InvalidDataException($"{path} is a batch journal of another format version; this client reads version {Version}.");
            }
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a batch journal (its first line is not JSON).", exception);
        }
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

            if (record.Status is { } status)
            {
                writer.WriteNumber("status", status);
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
        Status = root.TryGetProperty("status", out var status) ? status.GetInt32() : null,
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
internal static class BatchOutcomes
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
