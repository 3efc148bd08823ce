using System.Net;
using Apixo.Generated.Batches;
using Refit;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// An <see cref="IApixoApi"/> for batch tests: each accepted submit gets its own task id and counts; a prompt decides the
/// rest (<c>[refuse]</c> 400, <c>[balance]</c> 402 while <see cref="BalanceEmpty"/>, <c>[unreachable]</c> no connection,
/// <c>[unknown]</c> 500, <c>[fail]</c> a failed task); <see cref="RateLimitedSubmits"/> first
/// answers 429 (with <see cref="RetryAfter"/> when set). Every task is finished at its first status call, <see cref="CompletedAgo"/>
/// before the clock's now, unless <see cref="RunningPolls"/> says how many polls first find it running. Every call's time is
/// noted, and the most tasks it had running at once.
/// </summary>
internal sealed class BatchFakeApi(TimeProvider clock) : IApixoApi
{
    private readonly object _lock = new();
    private readonly Dictionary<string, string> _prompts = new(StringComparer.Ordinal);

    /// <summary>Submits the server accepted (a task was created and billed).</summary>
    public int AcceptedSubmits { get; private set; }

    /// <summary>Every submit that came, whatever the answer.</summary>
    public int SubmitCalls { get; private set; }

    public List<string> StatusCalls { get; } = [];

    public int RateLimitedSubmits { get; set; }

    /// <summary>Whether a <c>[balance]</c> submit gets 402 (insufficient balance).</summary>
    public bool BalanceEmpty { get; set; } = true;

    /// <summary>The Retry-After of the 429s.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>How many status calls of each task find it still running before the one that finds it finished.</summary>
    public int RunningPolls { get; set; }

    /// <summary>When each call came (submits and status calls), on the clock.</summary>
    public List<DateTimeOffset> CallTimes { get; } = [];

    /// <summary>The most tasks accepted and not yet found finished, at any moment.</summary>
    public int MostRunning { get; private set; }

    private readonly Dictionary<string, int> _polls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);

    public TimeSpan CompletedAgo { get; set; }

    /// <summary>A task the server knows from before (a resumed batch's), and its prompt.</summary>
    public void Known(string taskId, string prompt)
    {
        lock (_lock)
        {
            _prompts[taskId] = prompt;
        }
    }

    public Task<IApiResponse<GenerateTaskResponse>> GenerateTaskAsync(GenerateTaskRequest body, CancellationToken cancellationToken = default)
    {
        var prompt = body.Input.Prompt;
        lock (_lock)
        {
            SubmitCalls++;
            CallTimes.Add(clock.GetUtcNow());
            if (RateLimitedSubmits > 0)
            {
                RateLimitedSubmits--;
                return Task.FromResult(Error<GenerateTaskResponse>(HttpStatusCode.TooManyRequests, RetryAfter));
            }

            if (prompt.Contains("[refuse]", StringComparison.Ordinal))
            {
                return Task.FromResult(Error<GenerateTaskResponse>(HttpStatusCode.BadRequest));
            }

            if (prompt.Contains("[balance]", StringComparison.Ordinal) && BalanceEmpty)
            {
                return Task.FromResult(Error<GenerateTaskResponse>(HttpStatusCode.PaymentRequired));
            }

            if (prompt.Contains("[unreachable]", StringComparison.Ordinal))
            {
                // The connection was refused: the request never left.
                var none = Ok();
                var never = new ApiRequestException(none.RequestMessage!, HttpMethod.Post, new RefitSettings(), new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
                return Task.FromResult<IApiResponse<GenerateTaskResponse>>(new ApiResponse<GenerateTaskResponse>(none, default, new RefitSettings(), never));
            }

            AcceptedSubmits++;
            if (prompt.Contains("[unknown]", StringComparison.Ordinal))
            {
                return Task.FromResult(Error<GenerateTaskResponse>(HttpStatusCode.InternalServerError));
            }

            var id = $"task_{AcceptedSubmits}";
            _prompts[id] = prompt;
            _running.Add(id);
            MostRunning = Math.Max(MostRunning, _running.Count);
            var response = new GenerateTaskResponse { Code = 200, Message = "success", Data = new SubmittedTask { TaskId = id } };
            return Task.FromResult<IApiResponse<GenerateTaskResponse>>(new ApiResponse<GenerateTaskResponse>(Ok(), response, new RefitSettings()));
        }
    }

    public Task<IApiResponse<TaskStatusResponse>> GetTaskStatusAsync(string taskId, CancellationToken cancellationToken = default)
    {
        string? prompt;
        bool running;
        lock (_lock)
        {
            StatusCalls.Add(taskId);
            CallTimes.Add(clock.GetUtcNow());
            _prompts.TryGetValue(taskId, out prompt);
            running = (_polls[taskId] = _polls.GetValueOrDefault(taskId) + 1) <= RunningPolls;
            if (!running)
            {
                _running.Remove(taskId);
            }
        }

        if (prompt is null)
        {
            return Task.FromResult(Error<TaskStatusResponse>(HttpStatusCode.NotFound));
        }

        var now = clock.GetUtcNow();
        var failed = prompt.Contains("[fail]", StringComparison.Ordinal);
        var data = new TaskStatusData
        {
            TaskId = taskId,
            State = running ? TaskStateValues.All.First(state => !TaskStateValues.IsTerminal(state))
                : failed ? TaskStateValues.All.First(state => TaskStateValues.IsTerminal(state) && !TaskStateValues.IsSuccess(state))
                : TaskStateValues.All.First(TaskStateValues.IsSuccess),
            CreateTime = (now - CompletedAgo - TimeSpan.FromSeconds(40)).ToUnixTimeMilliseconds(),
            CompleteTime = running ? null : (now - CompletedAgo).ToUnixTimeMilliseconds(),
        };
        if (failed && !running)
        {
            data.FailCode = FailCode.Known[0];
            data.FailMsg = "refused by the fake";
        }
        else if (!running)
        {
            data.ResultJson = $$"""{"resultUrls":["https://cdn.example.com/{{taskId}}/0.png"]}""";
        }

        var body = new TaskStatusResponse { Code = 200, Message = "success", Data = data };
        return Task.FromResult<IApiResponse<TaskStatusResponse>>(new ApiResponse<TaskStatusResponse>(Ok(), body, new RefitSettings()));
    }

    public Task<IApiResponse<BalanceResponse>> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Not part of these tests.");

    private static IApiResponse<T> Error<T>(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var message = Ok();
        message.StatusCode = status;
        if (retryAfter is { } wait)
        {
            message.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        }

        message.Content = new StringContent("""{"code":0,"message":"error"}""");
        var error = ApiException.Create(message.RequestMessage!, HttpMethod.Post, message, new RefitSettings()).GetAwaiter().GetResult();
        return new ApiResponse<T>(message, default, new RefitSettings(), error);
    }

    private static HttpResponseMessage Ok() =>
        new(HttpStatusCode.OK) { RequestMessage = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/generateTask/gpt-image-2") };
}

/// <summary>A journal in memory, for tests that seed one or read its order.</summary>
internal sealed class MemoryBatchJournal : IBatchJournal
{
    private readonly List<BatchJournalRecord> _records = [];

    public MemoryBatchJournal(params BatchJournalRecord[] seed) => _records.AddRange(seed);

    public IReadOnlyList<BatchJournalRecord> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public ValueTask<IReadOnlyList<BatchJournalRecord>> ReadAllAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Records);

    public ValueTask AppendAsync(BatchJournalRecord record, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            _records.Add(record);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Saves nothing, records what it was asked to save; fails for a prompt with <c>[nosave]</c>.</summary>
internal sealed class RecordingResultStore : IBatchResultStore
{
    public List<string> Saved { get; } = [];

    public Task<IReadOnlyList<string>> SaveAsync(BatchItem item, GenerationTask task, CancellationToken cancellationToken)
    {
        if (item.Request.Input.Prompt.Contains("[nosave]", StringComparison.Ordinal))
        {
            throw new IOException("disk full");
        }

        lock (Saved)
        {
            var files = task.ResultUrls.Select((_, index) => $"{item.Id}-{index}.png").ToList();
            Saved.AddRange(files);
            return Task.FromResult<IReadOnlyList<string>>(files);
        }
    }
}
