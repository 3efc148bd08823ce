using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.AspNetCore;

/// <summary>A callback to confirm and hand over: its task id and the endpoint's handler.</summary>
internal sealed record ApixoWebhookWork(string TaskId, Func<GenerationTask, CancellationToken, Task> Handler);

/// <summary>
/// Confirms each callback with a status call, off the request, then calls the handler with the confirmed task.
/// The callback itself is unsigned: the handler only ever sees what the status call says.
/// </summary>
internal sealed partial class ApixoWebhookProcessor(
    Channel<ApixoWebhookWork> queue,
    IServiceScopeFactory scopes,
    ApixoWebhookDeduplicator deduplicator,
    ILogger<ApixoWebhookProcessor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var client = scope.ServiceProvider.GetRequiredService<ApixoClient>();
                var task = await client.GetStatusAsync(work.TaskId, stoppingToken).ConfigureAwait(false);
                if (!task.IsTerminal)
                {
                    // The callback claims an end the server does not confirm: let a later callback through.
                    deduplicator.Release(work.TaskId);
                    NotConfirmed(logger, work.TaskId, task.State);
                    continue;
                }

                await work.Handler(task, stoppingToken).ConfigureAwait(false);
                Handled(logger, work.TaskId, task.State);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                deduplicator.Release(work.TaskId);
                Failed(logger, exception, work.TaskId);
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Webhook for task {TaskId} confirmed as {State} and handled")]
    private static partial void Handled(ILogger logger, string taskId, TaskState state);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Webhook for task {TaskId} not confirmed: the server says {State}")]
    private static partial void NotConfirmed(ILogger logger, string taskId, TaskState state);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Webhook for task {TaskId} could not be confirmed or handled")]
    private static partial void Failed(ILogger logger, Exception exception, string taskId);
}
