using System.Collections.Concurrent;

namespace Apixo.Generated.Sandbox.Tasks;

/// <summary>The sandbox's tasks, by id.</summary>
internal sealed class SandboxTaskStore
{
    private readonly ConcurrentDictionary<string, SandboxTask> _tasks = new(StringComparer.Ordinal);

    public int Count => _tasks.Count;

    public void Add(SandboxTask task) => _tasks[task.Id] = task;

    public SandboxTask? Find(string id) => _tasks.TryGetValue(id, out var task) ? task : null;

    /// <summary>How many of <paramref name="key"/>'s tasks have not reached their end state.</summary>
    public int Running(string key, DateTimeOffset now) => _tasks.Values.Count(t => t.Key == key && !t.IsFinished(now));

    public static string NewId() => "task_" + Guid.NewGuid().ToString("N")[..16];
}
