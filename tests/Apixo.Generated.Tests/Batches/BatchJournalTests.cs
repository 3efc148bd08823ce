using System.Text.Json;
using Apixo.Generated.Batches;

namespace Apixo.Generated.Tests.Batches;

/// <summary><see cref="FileBatchJournal"/> (round trip, a torn last line, one process at a time) and <see cref="BatchRequestLine"/>.</summary>
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

        await File.AppendAllTextAsync(PathOf("j"), """{"kind":"submitted","id":"a","taskId":"ta""");
        await using (var journal = FileBatchJournal.Open(PathOf("j")))
        {
            Assert.Equal(BatchJournalRecordKind.Intent, Assert.Single(await journal.ReadAllAsync(CancellationToken.None)).Kind);
            await journal.AppendAsync(new BatchJournalRecord { Kind = BatchJournalRecordKind.Intent, Id = "b", At = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        }

        await using var last = FileBatchJournal.Open(PathOf("j"));
        Assert.Equal(["a", "b"], (await last.ReadAllAsync(CancellationToken.None)).Select(r => r.Id));
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
