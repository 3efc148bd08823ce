using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Apixo.Generated.Batches;

/// <summary>
/// Runs a batch of requests within a budget, at a bounded and adaptive concurrency, through crashes: every submit is
/// journalled (durably) as an intent before it leaves and with its task id right after the answer, so a resumed run
/// never submits a line twice once it has a task id, reports a line whose submit had no answer as unknown (and submits
/// it again only when asked), waits for submitted tasks from their tokens and saves results not yet saved.
/// </summary>
public sealed class BatchRunner
{
    private readonly ApixoClient _client;
    private readonly IBatchJournal _journal;
    private readonly BatchOptions _options;
    private readonly IBatchResultStore? _results;
    private readonly TimeProvider _time;
    private readonly object _budgetLock = new();
    private decimal _mayHaveSpent;

    /// <summary>Creates a runner.</summary>
    /// <param name="client">The API.</param>
    /// <param name="journal">Where every step is recorded (<see cref="FileBatchJournal"/> by default).</param>
    /// <param name="options">Concurrency, budget, resubmission; defaults when null.</param>
    /// <param name="results">Saves results; without it a succeeded line carries its URLs only.</param>
    /// <param name="timeProvider">The clock (the client's own, normally).</param>
    public BatchRunner(ApixoClient client, IBatchJournal journal, BatchOptions? options = null, IBatchResultStore? results = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(journal);
        _client = client;
        _journal = journal;
        _options = options ?? new BatchOptions();
        _options.Validate();
        _results = results;
        _time = timeProvider ?? client.Time;
    }

    /// <summary>The price of <paramref name="items"/>, from the contract's table.</summary>
    public static decimal EstimateCost(IEnumerable<BatchItem> items) => items.Sum(item => item.EstimatedCost);

    /// <summary>What a run would do with <paramref name="items"/>, given the journal; makes no call and writes nothing.</summary>
    public Task<BatchPlan> PlanAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default) =>
        PlanAsync(items, _journal, _options, cancellationToken);

    /// <summary>What a run with <paramref name="options"/> would do with <paramref name="items"/>, given <paramref name="journal"/>; needs no client, makes no call and writes nothing (a dry run).</summary>
    public static async Task<BatchPlan> PlanAsync(IReadOnlyList<BatchItem> items, IBatchJournal journal, BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        EnsureUniqueIds(items);
        var entries = BatchJournalEntry.Replay(await journal.ReadAllAsync(cancellationToken).ConfigureAwait(false));
        return Plan(items, entries, options ?? new BatchOptions());
    }

    /// <summary>
    /// Runs the batch and yields each line's outcome once, as it comes (lines finished in an earlier run first). Refuses to
    /// start (<see cref="BatchBudgetExceededException"/>) when the estimate is above <see cref="BatchOptions.MaxCost"/>.
    /// Cancelling stops the waiting and the submits not yet sent, never a task; the journal lets a later run resume.
    /// </summary>
    /// <exception cref="BatchBudgetExceededException">The batch's estimated cost is above the maximum: nothing was sent.</exception>
    /// <exception cref="ArgumentException">Two lines share an id.</exception>
    public IAsyncEnumerable<BatchItemOutcome> RunAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        EnsureUniqueIds(items);
        return RunCoreAsync(items, cancellationToken);
    }

    private async IAsyncEnumerable<BatchItemOutcome> RunCoreAsync(IReadOnlyList<BatchItem> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var records = await _journal.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var entries = BatchJournalEntry.Replay(records);
        var plan = Plan(items, entries, _options);
        if (_options.MaxCost is { } max && plan.EstimatedCost > max)
        {
            throw new BatchBudgetExceededException(plan.EstimatedCost, max);
        }

        _mayHaveSpent = plan.MayHaveSpent;
        foreach (var item in items.Where(item => !entries.TryGetValue(item.Id, out var entry) || entry.Request is null))
        {
            await AppendAsync(BatchJournalRecordKind.Planned, item.Id, cancellationToken, record => record with { Request = BatchRequestLine.Write(item.Request), Cost = item.EstimatedCost }).ConfigureAwait(false);
        }

        var planned = items.Any(item => !entries.TryGetValue(item.Id, out var entry) || entry.Request is null);
        if (planned || !BatchJournalEntry.IsPlanComplete(records))
        {
            // Only now may anything be submitted: a journal cut before this record still lacks lines of the batch.
            await AppendAsync(BatchJournalRecordKind.PlanComplete, string.Empty, cancellationToken).ConfigureAwait(false);
        }

        var work = new List<(BatchItem Item, BatchJournalEntry? Entry)>();
        foreach (var item in items)
        {
            entries.TryGetValue(item.Id, out var entry);
            if (FinishedOutcome(entry, _options) is { } finished)
            {
                yield return FromJournal(item, entry!, finished);
            }
            else if (entry is { TaskId: null, OutcomeUnknown: true } && !_options.ResubmitUnknown)
            {
                yield return FromJournal(item, entry, BatchOutcomeKind.Unknown);
            }
            else
            {
                work.Add((item, entry));
            }
        }

        // Tasks already submitted go first: their results are paid for, and their lifetime is running.
        work = [.. work.OrderBy(pair => pair.Entry?.TaskId is null ? 1 : 0)];
        foreach (var (item, entry) in work)
        {
            // Every line this run works on is shown from the start: a resumed task at its journalled state, the rest queued.
            Report(item.Id, entry?.TaskId is null ? BatchStage.Queued : entry.State ?? BatchStage.Submitted, entry?.TaskId);
        }

        var outcomes = Channel.CreateUnbounded<BatchItemOutcome>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var dispatcher = DispatchAsync(work, outcomes.Writer, stop.Token);
        try
        {
            await foreach (var outcome in outcomes.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return outcome;
            }

            await dispatcher.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await dispatcher.ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Already surfaced above, or the caller stopped reading: the journal holds what happened.
            }
        }
    }

    private async Task DispatchAsync(List<(BatchItem Item, BatchJournalEntry? Entry)> work, ChannelWriter<BatchItemOutcome> outcomes, CancellationToken cancellationToken)
    {
        var gate = new BatchRateGate(_options, _time);
        var running = new List<Task>();
        try
        {
            foreach (var (item, entry) in work)
            {
                await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        var outcome = await ProcessAsync(item, entry, gate, cancellationToken).ConfigureAwait(false);
                        await outcomes.WriteAsync(outcome, CancellationToken.None).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Exit();
                    }
                }, CancellationToken.None));
                running.RemoveAll(task => task.IsCompletedSuccessfully);
                if (running.FirstOrDefault(task => task.IsFaulted || task.IsCanceled) is { } broken)
                {
                    await broken.ConfigureAwait(false);
                }
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
        finally
        {
            outcomes.TryComplete();
        }
    }

    private async Task<BatchItemOutcome> ProcessAsync(BatchItem item, BatchJournalEntry? entry, BatchRateGate gate, CancellationToken cancellationToken)
    {
        GenerationOperation operation;
        if (entry?.TaskId is { } taskId)
        {
            operation = Resume(item, taskId, entry.Token);
        }
        else
        {
            var (submitted, refusal) = await SubmitAsync(item, gate, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            operation = submitted!;
        }

        // Its polls share the batch's requests per minute with the submits.
        operation.Pacer = gate.Requests;
        return await WaitAndSaveAsync(item, entry, operation, cancellationToken).ConfigureAwait(false);
    }

    private GenerationOperation Resume(BatchItem item, string taskId, string? token)
    {
        try
        {
            if (token is not null)
            {
                var operation = _client.ResumeOperation(token);
                if (operation.Id == taskId && !(operation.SubmittedAt > _time.GetUtcNow()))
                {
                    return operation;
                }

                if (operation.Id == taskId)
                {
                    // Submitted "in the future": the token was made by another clock (another machine, a sped-up sandbox's
                    // in another process). Its first poll would come that far late, past the deadline: poll at once instead.
                    return _client.ResumeOperation(taskId, operation.Resolution, _time.GetUtcNow() - GptImage2Polling.For(operation.Resolution).FirstPoll);
                }
            }
        }
        catch (ArgumentException)
        {
            // A damaged token: the task id and the line's own resolution still resume it, polling at once.
        }

        return _client.ResumeOperation(taskId, item.Request.Input.Resolution ?? ResolutionValues.Default);
    }

    private async Task<(GenerationOperation? Operation, BatchItemOutcome? Refusal)> SubmitAsync(BatchItem item, BatchRateGate gate, CancellationToken cancellationToken)
    {
        var cost = item.EstimatedCost;
        for (var attempt = 1; ; attempt++)
        {
            await gate.Requests.WaitSubmitTurnAsync(cancellationToken).ConfigureAwait(false);
            lock (_budgetLock)
            {
                // What may have been spent counts every submit that may have created a task: a budget is never passed.
                if (_options.MaxCost is { } max && _mayHaveSpent + cost > max)
                {
                    gate.Requests.Unused();
                    return (null, Outcome(item, BatchOutcomeKind.NotSubmitted) with
                    {
                        Message = $"not submitted: it would take what the batch may have spent ({_mayHaveSpent} {GptImage2Pricing.Currency}) past the maximum of {max} {GptImage2Pricing.Currency}",
                    });
                }

                _mayHaveSpent += cost;
            }

            try
            {
                await AppendAsync(BatchJournalRecordKind.Intent, item.Id, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                gate.Requests.Unused();
                throw;
            }

            Report(item.Id, BatchStage.Submitting, null);
            try
            {
                GenerationOperation operation;
                try
                {
                    operation = await _client.StartGenerationAsync(item.Request, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    gate.Requests.Answered(exception);
                    throw;
                }

                gate.Requests.Answered(null);
                gate.Accepted();
                // The answer is journalled whatever the caller's token says: the task exists and is billed.
                await AppendAsync(BatchJournalRecordKind.Submitted, item.Id, CancellationToken.None, record => record with { TaskId = operation.Id, Token = operation.RehydrationToken }).ConfigureAwait(false);
                Report(item.Id, BatchStage.Submitted, operation.Id);
                return (operation, null);
            }
            catch (ApixoSubmitOutcomeUnknownException exception)
            {
                await AppendAsync(BatchJournalRecordKind.Unknown, item.Id, CancellationToken.None, record => record with { Message = exception.Message }).ConfigureAwait(false);
                return (null, Outcome(item, BatchOutcomeKind.Unknown) with { Cost = cost, Message = exception.Message, ErrorKind = exception.Kind });
            }
            catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled in flight: the intent stays unanswered, so a resumed run reports the line as unknown.
                await AppendAsync(BatchJournalRecordKind.Unknown, item.Id, CancellationToken.None, record => record with { Message = exception.Message }).ConfigureAwait(false);
                throw;
            }
            catch (ApixoApiException exception)
            {
                // Nothing was created: the server refused before accepting anything, or was never reached (the client
                // turns any other failure into an unknown outcome).
                lock (_budgetLock)
                {
                    _mayHaveSpent -= cost;
                }

                if (!exception.IsRetryable)
                {
                    // A refusal of the request itself (the contract's table says repeating it cannot help) is final, and
                    // journalled as the intent's answer and the line's end in one record: no crash can fall between them.
                    await AppendAsync(BatchJournalRecordKind.Finished, item.Id, CancellationToken.None, record => record with { Outcome = BatchOutcomeKind.Refused, Status = exception.Status, Message = exception.Message }).ConfigureAwait(false);
                    return (null, Outcome(item, BatchOutcomeKind.Refused) with { Message = exception.Message, ErrorKind = exception.Kind });
                }

                await AppendAsync(BatchJournalRecordKind.Released, item.Id, CancellationToken.None, record => record with { Status = exception.Status, Message = exception.Message }).ConfigureAwait(false);
                if (exception.Kind == ApixoErrorKind.RateLimited && attempt < _options.MaxRateLimitedAttempts)
                {
                    gate.RateLimited();
                    continue;
                }

                // A 429 that outlasted every attempt, a server not reached: not the request's fault, so a resumed run submits it.
                return (null, Outcome(item, BatchOutcomeKind.NotSubmitted) with { Message = exception.Message, ErrorKind = exception.Kind });
            }
        }
    }

    private async Task<BatchItemOutcome> WaitAndSaveAsync(BatchItem item, BatchJournalEntry? entry, GenerationOperation operation, CancellationToken cancellationToken)
    {
        var cost = item.EstimatedCost;
        var pending = Outcome(item, BatchOutcomeKind.Pending) with { TaskId = operation.Id, RehydrationToken = operation.RehydrationToken, Cost = cost, State = entry?.State };
        GenerationTask? last = null;
        try
        {
            await foreach (var task in operation.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                last = task;
                await AppendAsync(BatchJournalRecordKind.State, item.Id, CancellationToken.None, record => record with
                {
                    TaskId = task.TaskId,
                    State = task.State.Value,
                    FailCode = task.FailCode?.Value,
                    CompletedAt = task.CompletedAt,
                    Message = task.FailMessage,
                }).ConfigureAwait(false);
                Report(item.Id, task.State.Value, operation.Id);
            }
        }
        catch (ApixoDeadlineExceededException exception)
        {
            return pending with { State = last?.State.Value ?? pending.State, Message = exception.Message };
        }
        catch (ApixoApiException exception) when (exception is not TaskFailedException)
        {
            return pending with { State = last?.State.Value ?? pending.State, Message = exception.Message, ErrorKind = exception.Kind };
        }

        if (last is null || !last.IsTerminal)
        {
            return pending with { State = last?.State.Value ?? pending.State };
        }

        var done = pending with
        {
            State = last.State.Value,
            FailCode = last.FailCode?.Value,
            FailMessage = last.FailMessage,
            CompletedAt = last.CompletedAt,
            ResultUrls = last.ResultUrls,
        };
        if (!last.IsSuccess)
        {
            await AppendAsync(BatchJournalRecordKind.Finished, item.Id, CancellationToken.None, record => record with { Outcome = BatchOutcomeKind.Failed, Message = last.FailMessage }).ConfigureAwait(false);
            return done with { Kind = BatchOutcomeKind.Failed };
        }

        done = done with { Warnings = ExpiryWarnings(last, entry) };
        var files = new List<string>();
        if (_results is not null)
        {
            Report(item.Id, BatchStage.Saving, operation.Id);
            try
            {
                files.AddRange(await _results.SaveAsync(item, last, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return done with { Kind = BatchOutcomeKind.NotSaved, Message = exception.Message };
            }

            foreach (var file in files)
            {
                await AppendAsync(BatchJournalRecordKind.Saved, item.Id, CancellationToken.None, record => record with { File = file }).ConfigureAwait(false);
            }
        }

        await AppendAsync(BatchJournalRecordKind.Finished, item.Id, CancellationToken.None, record => record with { Outcome = BatchOutcomeKind.Succeeded }).ConfigureAwait(false);
        return done with { Kind = BatchOutcomeKind.Succeeded, Files = files };
    }

    // The contract's result lifetime, counted from completion: a result close to its end is flagged, one past it too.
    private List<string> ExpiryWarnings(GenerationTask task, BatchJournalEntry? entry)
    {
        var lifetime = GptImage2Service.ResultLifetime;
        if (task.IsExpired)
        {
            return [$"its results are over {lifetime.TotalHours:0.##} h old and may have expired"];
        }

        if ((task.CompletedAt ?? entry?.CompletedAt) is { } completed && completed + lifetime - _time.GetUtcNow() is var left && left < _options.ExpiryWarning)
        {
            return [$"its results expire in {Math.Max(0, left.TotalMinutes):0} min (results live {lifetime.TotalHours:0.##} h)"];
        }

        return [];
    }

    private static BatchPlan Plan(IReadOnlyList<BatchItem> items, IReadOnlyDictionary<string, BatchJournalEntry> entries, BatchOptions options)
    {
        int toSubmit = 0, toResume = 0, finished = 0, unknown = 0;
        decimal spent = 0;
        foreach (var item in items)
        {
            entries.TryGetValue(item.Id, out var entry);
            var cost = item.EstimatedCost;
            spent += ((entry?.TaskId is null ? 0 : 1) + (entry?.UnknownSubmits ?? 0)) * cost;
            if (FinishedOutcome(entry, options) is not null)
            {
                finished++;
            }
            else if (entry?.TaskId is not null)
            {
                toResume++;
            }
            else if (entry?.OutcomeUnknown == true && !options.ResubmitUnknown)
            {
                unknown++;
            }
            else
            {
                toSubmit++;
            }
        }

        return new BatchPlan(items.Count, toSubmit, toResume, finished, unknown, EstimateCost(items), spent);
    }

    // A finished line is only reported, unless it was refused and the caller asked for refused lines to be submitted again.
    private static BatchOutcomeKind? FinishedOutcome(BatchJournalEntry? entry, BatchOptions options) =>
        entry?.Finished is { } finished && !(finished == BatchOutcomeKind.Refused && options.ResubmitRefused) ? finished : null;

    private static BatchItemOutcome FromJournal(BatchItem item, BatchJournalEntry entry, BatchOutcomeKind kind) => new()
    {
        Id = item.Id,
        Kind = kind,
        TaskId = entry.TaskId,
        RehydrationToken = entry.Token,
        State = entry.State,
        FailCode = entry.FailCode,
        FailMessage = entry.FailCode is null ? null : entry.Message,
        Files = entry.Files,
        CompletedAt = entry.CompletedAt,
        Cost = (entry.TaskId is null ? 0 : 1) * item.EstimatedCost + entry.UnknownSubmits * item.EstimatedCost,
        // A failed task's message is its fail message, carried once, as a run that saw it fail carries it.
        Message = kind == BatchOutcomeKind.Unknown
            ? "a submit was sent but no answer says whether it created a task; it is not submitted again unless asked (resubmit-unknown)"
            : entry.FailCode is null ? entry.Message : null,
        ErrorKind = kind == BatchOutcomeKind.Refused && entry.Status is { } status ? ApixoHttpErrors.Describe(status).Kind : null,
        FromJournal = true,
    };

    private static BatchItemOutcome Outcome(BatchItem item, BatchOutcomeKind kind) => new() { Id = item.Id, Kind = kind };

    private void Report(string id, string stage, string? taskId) => _options.Progress?.Report(new BatchItemUpdate(id, stage, taskId));

    private ValueTask AppendAsync(BatchJournalRecordKind kind, string id, CancellationToken cancellationToken, Func<BatchJournalRecord, BatchJournalRecord>? fill = null)
    {
        var record = new BatchJournalRecord { Kind = kind, Id = id, At = _time.GetUtcNow() };
        return _journal.AppendAsync(fill is null ? record : fill(record), cancellationToken);
    }

    private static void EnsureUniqueIds(IReadOnlyList<BatchItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item);
            if (!seen.Add(item.Id))
            {
                throw new ArgumentException($"Two lines share the id '{item.Id}': each line's id must be unique (it names its files).", nameof(items));
            }
        }
    }
}
