using System.Text.Json;
using System.Text.Json.Nodes;
using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Sandbox.Faults;
using Apixo.Generated.Serialization;

namespace Apixo.Generated.Sandbox.Tasks;

/// <summary>
/// One task of the sandbox. Its state follows from the time since it was created: pending, processing, then
/// its end state (success, failed with <c>[fail:CODE]</c>, or any state of the contract named by <c>[state:NAME]</c>).
/// </summary>
internal sealed class SandboxTask(string id, string key, SandboxRequest request, SandboxFaults faults, DateTimeOffset createdAt, TimeSpan duration, Uri baseUrl, IReadOnlyList<string> terminalStates)
{
    private static readonly string Pending = TaskStateValues.ToWire(TaskState.Pending);
    private static readonly string Processing = TaskStateValues.ToWire(TaskState.Processing);
    private static readonly string Success = TaskStateValues.ToWire(TaskState.Success);
    private static readonly string Failed = TaskStateValues.ToWire(TaskState.Failed);

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

    /// <summary>The state the task ends in, as its wire value.</summary>
    public string EndState { get; } = faults.State ?? (faults.FailCode is null ? Success : Failed);

    /// <summary>The state as of <paramref name="now"/>, as its wire value: the contract's, even one the generated enum does not know.</summary>
    public string State(DateTimeOffset now) =>
        now - CreatedAt < Duration * 0.2 ? Pending
        : now < CompletedAt ? Processing
        : EndState;

    /// <summary>Whether the task reached a state its contract (the sandbox's, edited or not) marks terminal; a <c>[state:processing]</c> task never does.</summary>
    public bool IsFinished(DateTimeOffset now) => now >= CompletedAt && terminalStates.Contains(EndState);

    public bool HasResult(DateTimeOffset now) => State(now) == Success && now - CompletedAt <= GenerationTask.ResultLifetime;

    public byte[] Image() => _image ??= SandboxImages.Render(Request.Prompt, Request.AspectRatio, Request.Resolution);

    /// <summary>The status envelope as of <paramref name="now"/>, written with the contract's DTOs.</summary>
    public string StatusJson(DateTimeOffset now)
    {
        var state = State(now);
        // TaskState is an open set: any state of the contract is written as its wire value.
        var data = new TaskStatusData { TaskId = Id, State = new TaskState(state), CreateTime = CreatedAt.ToUnixTimeMilliseconds() };
        if (IsFinished(now))
        {
            data.CompleteTime = CompletedAt.ToUnixTimeMilliseconds();
        }

        if (state == Success)
        {
            var result = new TaskResult { ResultUrls = [new Uri($"{baseUrl.GetLeftPart(UriPartial.Authority)}/results/{Id}/0.png")] };
            data.ResultJson = JsonSerializer.Serialize(result, ApixoJsonContext.Default.TaskResult);
            data.CostTime = (long)Duration.TotalMilliseconds;
        }
        else if (state == Failed && Faults.FailCode is { } code)
        {
            data.FailCode = new FailCode(code);
            data.FailMsg = "Sandbox: forced failure " + code;
        }
        else if (state == Failed)
        {
            data.FailMsg = "Sandbox: forced state " + state;
        }

        return JsonSerializer.Serialize(new TaskStatusResponse { Code = 200, Message = "success", Data = data }, ApixoJsonContext.Default.TaskStatusResponse);
    }
}
