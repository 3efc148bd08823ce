using System.Text.Json;
using Apixo.Generated.Serialization;

namespace Apixo.Generated;

public partial class TaskStatusData
{
    /// <summary>
    /// Parses <see cref="ResultJson"/>, a JSON string inside the JSON, into its <see cref="TaskResult"/>.
    /// </summary>
    /// <returns>The result, or <see langword="null"/> when the task has none (yet).</returns>
    /// <exception cref="JsonException">The server sent a <c>resultJson</c> that is not a valid <see cref="TaskResult"/>.</exception>
    public TaskResult? ParseResultJson() =>
        string.IsNullOrWhiteSpace(ResultJson)
            ? null
            : JsonSerializer.Deserialize(ResultJson, ApixoJsonContext.Default.TaskResult)
              ?? throw new JsonException("resultJson is the JSON literal null, not a TaskResult.");
}
