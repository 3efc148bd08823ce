using System.Net.Http.Json;
using Apixo.Generated.Serialization;

namespace Apixo.Generated.Benchmarks;

/// <summary>
/// The calls of the client benchmarks. The baseline: submit and status as a user would write them with a plain HttpClient and the
/// source-generated JSON, with no retries, no key handling and no answer cap.
/// </summary>
internal static class RawCalls
{
    /// <summary>Submits <paramref name="request"/>, asks for the task's status once, and counts its result URLs.</summary>
    public static async Task<int> SubmitAndStatusAsync(HttpClient raw, GenerateTaskRequest request)
    {
        using var submit = await raw.PostAsync("generateTask/gpt-image-2", JsonContent.Create(request, ApixoJsonContext.Default.GenerateTaskRequest));
        var accepted = await submit.Content.ReadFromJsonAsync(ApixoJsonContext.Default.GenerateTaskResponse);
        var status = await raw.GetFromJsonAsync("statusTask/gpt-image-2?taskId=" + Uri.EscapeDataString(accepted!.Data.TaskId), ApixoJsonContext.Default.TaskStatusResponse);
        return status!.Data.ParseResultJson()!.ResultUrls.Count;
    }

    /// <summary>The same two calls through the generated Refit interface alone (whatever handlers its HttpClient has).</summary>
    public static async Task<int> SubmitAndStatusAsync(IApixoApi api, GenerateTaskRequest request)
    {
        using var submit = await api.GenerateTaskAsync(request);
        using var status = await api.GetTaskStatusAsync(submit.Content!.Data.TaskId);
        return status.Content!.Data.ParseResultJson()!.ResultUrls.Count;
    }

    /// <summary>The same two calls through <see cref="ApixoClient"/>.</summary>
    public static async Task<int> SubmitAndStatusAsync(ApixoClient client, GenerateTaskRequest request)
    {
        var id = await client.SubmitAsync(request);
        var task = await client.GetStatusAsync(id);
        return task.ResultUrls.Count;
    }
}
