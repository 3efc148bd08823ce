using System.Text.Json;
using Apixo.Generated.Serialization;

namespace Apixo.Generated.Sandbox;

/// <summary>One task of the sandbox. Its state follows from the time since it was created.</summary>
internal sealed class SandboxTask(string id, string key, SandboxRequest request, SandboxFaults faults, DateTimeOffset createdAt, TimeSpan duration, Uri baseUrl)
{
    private byte[]? _image;

    public int StatusFaultsServed;
    public int StatusDropsServed;
    public int CallbacksSent;

    public string Id { get; } = id;

    public string Key { get; } = key;

    public SandboxRequest Request { get; } = request;

    public SandboxFaults Faults { get; } = faults;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public TimeSpan Duration { get; } = duration;

    public DateTimeOffset CompletedAt => CreatedAt + Duration;

    public TaskState State(DateTimeOffset now) =>
        now - CreatedAt < Duration * 0.2 ? TaskState.Pending
        : now < CompletedAt ? TaskState.Processing
        : Faults.FailCode is null ? TaskState.Success : TaskState.Failed;

    public bool IsTerminal(DateTimeOffset now) => State(now) is TaskState.Success or TaskState.Failed;

    public bool IsExpired(DateTimeOffset now) => now - CompletedAt > GenerationTask.ResultLifetime;

    public byte[] Image() => _image ??= SandboxImages.Render(Request.Prompt, Request.AspectRatio, Request.Resolution);

    /// <summary>The status envelope as of <paramref name="now"/>, written with the contract's DTOs.</summary>
    public string StatusJson(DateTimeOffset now)
    {
        var state = State(now);
        var data = new TaskStatusData { TaskId = Id, State = state, CreateTime = CreatedAt.ToUnixTimeMilliseconds() };
        if (state is TaskState.Success or TaskState.Failed)
        {
            data.CompleteTime = CompletedAt.ToUnixTimeMilliseconds();
        }

        if (state == TaskState.Success)
        {
            var result = new TaskResult { ResultUrls = [new Uri($"{baseUrl.GetLeftPart(UriPartial.Authority)}/results/{Id}/0.png")] };
            data.ResultJson = JsonSerializer.Serialize(result, ApixoJsonContext.Default.TaskResult);
            data.CostTime = (long)Duration.TotalMilliseconds;
        }
        else if (state == TaskState.Failed)
        {
            data.FailCode = new FailCode(Faults.FailCode!);
            data.FailMsg = "Sandbox: forced failure " + Faults.FailCode;
        }

        return JsonSerializer.Serialize(new TaskStatusResponse { Code = 200, Message = "success", Data = data }, ApixoJsonContext.Default.TaskStatusResponse);
    }
}
