using System.Net;
using System.Net.Http.Headers;
using Refit;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>An <see cref="IApixoApi"/> that answers status calls from a script and records when each came.</summary>
internal sealed class ScriptedApi(TimeProvider clock) : IApixoApi
{
    private readonly Queue<Func<IApiResponse<TaskStatusResponse>>> _statuses = new();

    public List<DateTimeOffset> StatusCalls { get; } = [];

    public int SubmitCalls { get; private set; }

    /// <summary>The answer to every status call once the script is used up.</summary>
    public Func<IApiResponse<TaskStatusResponse>>? Then { get; set; }

    public ScriptedApi Status(TaskState state, TimeSpan? retryAfter = null, Action<TaskStatusData>? shape = null)
    {
        _statuses.Enqueue(() => Answer(state, retryAfter, shape));
        return this;
    }

    public ScriptedApi Raw(Func<IApiResponse<TaskStatusResponse>> answer)
    {
        _statuses.Enqueue(answer);
        return this;
    }

    public static IApiResponse<TaskStatusResponse> Answer(TaskState state, TimeSpan? retryAfter = null, Action<TaskStatusData>? shape = null)
    {
        var data = new TaskStatusData { TaskId = "task_1", State = state, CreateTime = 1767225600000 };
        if (state == TaskState.Success)
        {
            data.ResultJson = """{"resultUrls":["https://cdn.example.com/0.png"]}""";
            data.CompleteTime = 1767225660000;
            data.CostTime = 60000;
        }

        if (state == TaskState.Failed)
        {
            data.FailCode = new FailCode("CONTENT_VIOLATION");
            data.FailMsg = "blocked";
        }

        shape?.Invoke(data);
        var message = Ok();
        if (retryAfter is { } delay)
        {
            message.Headers.RetryAfter = new RetryConditionHeaderValue(delay);
        }

        return new ApiResponse<TaskStatusResponse>(message, new TaskStatusResponse { Code = 200, Message = "success", Data = data }, new RefitSettings());
    }

    /// <summary>An HTTP error answer, as Refit gives it.</summary>
    public static IApiResponse<TaskStatusResponse> Error(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var message = Ok();
        message.StatusCode = status;
        if (retryAfter is { } delay)
        {
            message.Headers.RetryAfter = new RetryConditionHeaderValue(delay);
        }

        message.Content = new StringContent("""{"code":0,"message":"error"}""");
        var error = ApiException.Create(message.RequestMessage!, HttpMethod.Get, message, new RefitSettings()).GetAwaiter().GetResult();
        return new ApiResponse<TaskStatusResponse>(message, null, new RefitSettings(), error);
    }

    /// <summary>A 200 whose body could not be read (an unknown state, a broken body).</summary>
    public static IApiResponse<TaskStatusResponse> Unreadable()
    {
        var message = Ok();
        message.Content = new StringContent("""{"code":200,"data":{"taskId":"task_1","state":"paused"}}""");
        return new ApiResponse<TaskStatusResponse>(message, null, new RefitSettings());
    }

    private static HttpResponseMessage Ok() =>
        new(HttpStatusCode.OK) { RequestMessage = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/statusTask/gpt-image-2?taskId=task_1") };

    public Task<IApiResponse<TaskStatusResponse>> GetTaskStatusAsync(string taskId, CancellationToken cancellationToken = default)
    {
        StatusCalls.Add(clock.GetUtcNow());
        var answer = _statuses.Count > 0 ? _statuses.Dequeue() : Then ?? throw new InvalidOperationException("The script is used up.");
        return Task.FromResult(answer());
    }

    public Task<IApiResponse<GenerateTaskResponse>> GenerateTaskAsync(GenerateTaskRequest body, CancellationToken cancellationToken = default)
    {
        SubmitCalls++;
        var response = new GenerateTaskResponse { Code = 200, Message = "success", Data = new SubmittedTask { TaskId = "task_1" } };
        return Task.FromResult<IApiResponse<GenerateTaskResponse>>(new ApiResponse<GenerateTaskResponse>(Ok(), response, new RefitSettings()));
    }

    public Task<IApiResponse<BalanceResponse>> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Not part of these tests.");
}
