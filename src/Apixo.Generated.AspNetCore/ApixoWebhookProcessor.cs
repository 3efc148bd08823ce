using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>A callback to confirm and hand over: its task id and the endpoint's handler.</summary>
internal sealed record ApixoWebhookWork(string TaskId, Func<GenerationTask, CancellationToken, Task> Handler);

/// <summary>The callbacks waiting for confirmation: bounded, so that a flood gets 503 rather than memory.</summary>
internal sealed class ApixoWebhookQueue(IOptions<ApixoWebhookOptions> options)
{
    public Channel<ApixoWebhookWork> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<ApixoWebhookWork>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
}

/// <summary>
/// Confirms each callback with status calls, off the request, then calls the handler with the confirmed task.
/// The callback itself is unsigned: the handler only ever sees what the status call says. Delivery is at most
/// once: a callback that cannot be confirmed is logged, and its id released for a later callback.
/// </summary>
internal sealed partial class ApixoWebhookProcessor(
    ApixoWebhookQueue queue,
    IServiceScopeFactory scopes,
    ApixoWebhookDeduplicator deduplicator,
    IOptions<ApixoWebhookOptions> options,
    TimeProvider time,
    ILogger<ApixoWebhookProcessor> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            queue.Channel.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrentHandlers), CancellationToken = stoppingToken },
            ProcessAsync);

    private async ValueTask ProcessAsync(ApixoWebhookWork work, CancellationToken stoppingToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var client = scope.ServiceProvider.GetRequiredService<ApixoClient>();
            for (var attempt = 1; attempt <= options.Value.ConfirmationAttempts; attempt++)
            {
                var task = await client.GetStatusAsync(work.TaskId, stoppingToken).ConfigureAwait(false);
                if (task.IsTerminal)
                {
                    await work.Handler(task, stoppingToken).ConfigureAwait(false);
                    Handled(logger, work.TaskId, task.State);
                    return;
                }

                // The server may show the end a little after it calls back.
                await Task.Delay(options.Value.ConfirmationInterval, time, stoppingToken).ConfigureAwait(false);
            }

            deduplicator.Release(work.TaskId);
            NotConfirmed(logger, work.TaskId, options.Value.ConfirmationAttempts);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            deduplicator.Release(work.TaskId);
            Failed(logger, exception, work.TaskId);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Webhook for task {TaskId} confirmed as {State} and handled")]
    private static partial void Handled(ILogger logger, string taskId, TaskState state);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Webhook for task {TaskId} not confirmed after {Attempts} status calls: the server does not show it as done")]
    private static partial void NotConfirmed(ILogger logger, string taskId, int attempts);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Webhook for task {TaskId} could not be confirmed or handled")]
    private static partial void Failed(ILogger logger, Exception exception, string taskId);
}
