using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Sandbox.Tasks;
using Microsoft.AspNetCore.Http;
using static Apixo.Generated.Sandbox.Endpoints.SandboxAnswers;

namespace Apixo.Generated.Sandbox.Endpoints;

/// <summary>The status operation: the task's state as of now, or the faults its prompt asked for.</summary>
internal sealed class StatusEndpoint(SandboxContract contract, SandboxTaskStore tasks, TimeProvider clock)
{
    public async Task HandleAsync(HttpContext context)
    {
        var taskId = context.Request.Query[contract.StatusQueryParameter].ToString();
        if (string.IsNullOrWhiteSpace(taskId))
        {
            await Envelope(context, ApixoErrorKind.BadRequest, "Invalid request", $"{contract.StatusQueryParameter} is required").ConfigureAwait(false);
            return;
        }

        if (tasks.Find(taskId) is not { } task)
        {
            await Envelope(context, ApixoErrorKind.NotFound, "Task not found").ConfigureAwait(false);
            return;
        }

        await Slow(task.Faults, context.RequestAborted).ConfigureAwait(false);
        if (task.Faults.DropStatus && Interlocked.Increment(ref task.StatusDropsServed) == 1)
        {
            context.Abort();
            return;
        }

        if (task.Faults.StatusStatus is { } forced && Interlocked.Increment(ref task.StatusFaultsServed) <= task.Faults.StatusTimes)
        {
            await Forced(context, forced, task.Faults).ConfigureAwait(false);
            return;
        }

        RetryAfter(context, task.Faults.RetryAfterSeconds);
        await WriteJson(context, 200, task.StatusJson(clock.GetUtcNow())).ConfigureAwait(false);
    }
}
