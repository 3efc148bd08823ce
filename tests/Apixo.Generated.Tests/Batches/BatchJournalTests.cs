using System.Text.Json;
using Apixo.Generated.Batches;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// <see cref="FileBatchJournal"/> (round trip, durable creation, a torn last line or header, a failed write, concurrent
/// appends, one process at a time) and <see cref="BatchRequestLine"/>.
/// </summary>
public sealed class BatchJournalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("apixo-journal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Records_survive_a_reopen_in_order_with_every_field()
    {
        var at = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        BatchJournalRecord[] written =
        [
            new() { Kind = BatchJournalRecordKind.Planned, Id = "a", At = at, Request = BatchRequestLine.Write(GptImage2.TextToImage("x").Build()), Cost = 0.5m },
            new() { Kind = BatchJournalRecordKind.Intent, Id = "a", At = at },
            new() { Kind = BatchJournalRecordKind.Submitted, Id = "a", At = at, TaskId = "task_\u202e1", Token = "apixo-op.1.e30" },
            new() { Kind = BatchJournalRecordKind.State, Id = "a", At = at, State = "failed", FailCode = "NEW_CODE", CompletedAt = at, Message = "line\nbreak" },
            new() { Kind = BatchJournalRecordKind.Saved, Id = "a", At = at, File = "/out/a-0.png" },
            new() { Kind = BatchJournalRecordKind.Finished, Id = "a", At = at, Outcome = BatchOutcomeKind.NotSubmitted },
            new() { Kind = BatchJournalRecordKind.Finished, Id = "b", At = at, Outcome = BatchOutcomeKind.Refused, Status = 402, Message = "no money" },
        ];
        await using (var journal = FileBatchJournal.Open(PathOf("j")))
        {
            foreach (var record in written)
            {
                await journal.AppendAsync(record, CancellationToken.None);
            }
        }

        await using var reopened = FileBatchJournal.Open(PathOf("j"));
        Assert.Equal(written, await reopened.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_last_line_cut_short_by_a_crash_is_dropped_and_appending_goes_on_after_it()
    {
        await using (var journal = FileBatchJournal.Open(PathOf("j")))
        {
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Intent, Id = "a", At = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        }

        const string Torn = """{"kind":"submitted","id":"a","taskId":"ta""";
        await File.AppendAllTextAsync(PathOf("j"), Torn);
        await using (var journal = FileBatchJournal.Open(PathOf("j")))
        {
            Assert.Equal(Torn.Length, journal.DroppedBytes);
            Assert.Equal(BatchJournalRecordKind.Intent, Assert.Single(await journal.ReadAllAsync(CancellationToken.None)).Kind);
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Intent, Id = "b", At = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        }

        await using var last = FileBatchJournal.Open(PathOf("j"));
        Assert.Equal(["a", "b"], (await last.ReadAllAsync(CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(0, last.DroppedBytes);
    }

    [Fact]
    public async Task A_header_cut_short_by_a_crash_is_written_again_and_the_journal_works()
    {
        await File.WriteAllTextAsync(PathOf("j"), """{"format":"apixo-ba""");

        await using (var journal = FileBatchJournal.Open(PathOf("j")))
        {
            Assert.True(journal.DroppedBytes > 0);
            Assert.Empty(await journal.ReadAllAsync(CancellationToken.None));
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Intent, Id = "a", At = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        }

        await using var reopened = FileBatchJournal.Open(PathOf("j"));
        Assert.Equal("a", Assert.Single(await reopened.ReadAllAsync(CancellationToken.None)).Id);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("{\"hello\":1}\nno line break")]
    [InlineData("{\"format\":\"apixo-batch-journal\",\"version\":99}\n{\"kind\":\"int")]
    public async Task A_file_that_is_not_a_journal_of_this_version_is_refused_and_left_as_it_was(string content)
    {
        await File.WriteAllTextAsync(PathOf("other"), content);

        Assert.Throws<InvalidDataException>(() => FileBatchJournal.Open(PathOf("other")));

        Assert.Equal(content, await File.ReadAllTextAsync(PathOf("other")));
    }

    [Fact]
    public async Task A_new_journal_and_each_folder_made_for_it_are_flushed_into_the_folder_that_holds_their_name()
    {
        var path = Path.Combine(_folder, "new", "deeper", "j");
        var flushed = new List<(string Folder, long JournalLength)>();
        void Flush(string folder) => flushed.Add((folder, File.Exists(path) ? new FileInfo(path).Length : -1));

        await using (var journal = FileBatchJournal.Open(path, Flush))
        {
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Intent, Id = "a", At = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        }

        // Each new name's folder, top down; the journal's own folder once its header is on disk, before any record.
        Assert.Equal([_folder, Path.Combine(_folder, "new"), Path.Combine(_folder, "new", "deeper")], flushed.Select(f => f.Folder));
        Assert.Equal(-1, flushed[0].JournalLength);
        Assert.True(flushed[^1].JournalLength > 0, "the header is written before the folder is flushed");
        Assert.Equal(flushed[^1].JournalLength, File.ReadAllLines(path)[0].Length + 1);

        flushed.Clear();
        await using (FileBatchJournal.Open(path, Flush))
        {
            Assert.Empty(flushed);
        }
    }

    [Fact]
    public void A_folder_is_flushed_through_the_system_and_a_missing_one_is_an_error()
    {
        DurableDirectory.Sync(_folder);

        var missing = Path.Combine(_folder, "not-there");
        if (OperatingSystem.IsWindows())
        {
            // Windows cannot flush a folder this way: nothing is done, nothing is checked.
            DurableDirectory.Sync(missing);
        }
        else
        {
            Assert.Throws<DirectoryNotFoundException>(() => DurableDirectory.Sync(missing));
        }
    }

    [Fact]
    public async Task After_a_failed_write_nothing_more_is_appended_and_the_journal_reopens_without_the_half_record()
    {
        static BatchJournalRecord Record(string id) => new() { Kind = BatchJournalRecordKind.Intent, Id = id, At = DateTimeOffset.UnixEpoch };
        await using (var journal = FileBatchJournal.Open(PathOf("j"), _ => { }, path => new DiskFullAfter(path, writes: 1)))
        {
            await journal.AppendAsync(Record("a"), CancellationToken.None);
            await Assert.ThrowsAsync<IOException>(() => journal.AppendAsync(Record("b"), CancellationToken.None).AsTask());

            // Another line's record, after the half-written one, would damage the file for every later run.
            var refused = await Assert.ThrowsAsync<IOException>(() => journal.AppendAsync(Record("c"), CancellationToken.None).AsTask());
            Assert.Contains("reopen", refused.Message, StringComparison.Ordinal);
            Assert.Equal(["a"], (await journal.ReadAllAsync(CancellationToken.None)).Select(r => r.Id));
        }

        await using var reopened = FileBatchJournal.Open(PathOf("j"));
        Assert.Equal(["a"], (await reopened.ReadAllAsync(CancellationToken.None)).Select(r => r.Id));
        Assert.True(reopened.DroppedBytes > 0);
    }

    [Fact]
    public async Task Concurrent_appends_are_written_whole_one_at_a_time_in_each_writers_order()
    {
        const int Writers = 8, Each = 100;
        await using (var journal = FileBatchJournal.Open(PathOf("j")))
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                for (var i = 0; i < Each; i++)
                {
                    await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.State, Id = $"w{writer}", At = DateTimeOffset.UnixEpoch, State = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Message = new string('x', 3000) }, CancellationToken.None);
                }
            })));

            Assert.Equal(Writers * Each, (await journal.ReadAllAsync(CancellationToken.None)).Count);
        }

        await using var reopened = FileBatchJournal.Open(PathOf("j"));
        var records = await reopened.ReadAllAsync(CancellationToken.None);
        Assert.Equal(Writers * Each, records.Count);
        Assert.All(records.GroupBy(r => r.Id), writer => Assert.Equal(Enumerable.Range(0, Each).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), writer.Select(r => r.State)));
    }

    /// <summary>A journal file whose disk fills up: the write after <c>writes</c> lands half, then fails.</summary>
    private sealed class DiskFullAfter(string path, int writes) : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
    {
        private int _writes;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (++_writes <= writes)
            {
                await base.WriteAsync(buffer, cancellationToken);
                return;
            }

            await base.WriteAsync(buffer[..(buffer.Length / 2)], cancellationToken);
            Flush();
            throw new IOException("No space left on device");
        }
    }

    [Fact]
    public async Task A_damaged_line_inside_the_journal_is_an_error_never_skipped()
    {
        await using (var journal = FileBatchJournal.Open(PathOf("j")))
        {
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Intent, Id = "a", At = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        }

        await File.AppendAllTextAsync(PathOf("j"), "garbage\n{\"kind\":\"intent\",\"id\":\"b\",\"at\":\"2026-01-01T00:00:00Z\"}\n");

        var error = Assert.Throws<InvalidDataException>(() => FileBatchJournal.Open(PathOf("j")));
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        await File.WriteAllTextAsync(PathOf("other"), "{\"hello\":1}\n");
        Assert.Throws<InvalidDataException>(() => FileBatchJournal.Open(PathOf("other")));
    }

    [Fact]
    public async Task A_journal_is_held_by_one_runner_at_a_time()
    {
        await using var first = FileBatchJournal.Open(PathOf("j"));

        Assert.ThrowsAny<IOException>(() => FileBatchJournal.Open(PathOf("j")));
    }

    [Fact]
    public void A_line_is_built_through_the_generated_builders_and_its_mode_chosen_by_its_fields()
    {
        var mode = BatchRequestLine.ModeMember;
        var fields = GptImage2Modes.All[^1].Fields;
        var list = fields.First(field => field.Repeated);
        var choice = fields.First(field => field.Choices.Count > 0);
        var json = $$"""{"id":"x1","prompt":"p","{{list.Wire}}":["https://example.com/a.png"],"{{choice.Wire}}":"{{choice.Choices[^1]}}"}""";

        Assert.True(BatchRequestLine.TryParse(JsonDocument.Parse(json).RootElement, out var id, out var request, out var errors), string.Join("; ", errors));

        Assert.Equal("x1", id);
        Assert.Equal(GptImage2Modes.All[^1], GptImage2Modes.Of(request.Input));
        // What the journal keeps reads back to the same request.
        Assert.True(BatchRequestLine.TryParse(JsonDocument.Parse(BatchRequestLine.Write(request)).RootElement, out _, out var again, out _));
        Assert.Equal(BatchRequestLine.Write(request), BatchRequestLine.Write(again));
        Assert.Contains($"\"{mode}\":\"{GptImage2Modes.All[^1].Wire}\"", BatchRequestLine.Write(request), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"prompt":""}""", "/input/prompt", "minLength")]
    [InlineData("""{"prompt":"p","resolution":"8k"}""", "/input/resolution", "enum")]
    [InlineData("""{"prompt":"p","colour":"red"}""", "/input/colour", "mode")]
    [InlineData("""{"prompt":"p","resolution":{"a":1}}""", "/input/resolution", "type")]
    [InlineData("""{"prompt":"p","mode":"video"}""", "/input/mode", "enum")]
    [InlineData("""["prompt"]""", "/", "type")]
    public void A_bad_line_names_its_field_and_rule(string json, string path, string rule)
    {
        Assert.False(BatchRequestLine.TryParse(JsonDocument.Parse(json).RootElement, out _, out var request, out var errors));

        Assert.Null(request);
        Assert.Contains(errors, error => error.Path == path && error.Rule == rule);
    }
}
