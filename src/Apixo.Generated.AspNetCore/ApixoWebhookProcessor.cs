using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>
/// Confirms each callback with a status call, off the request, then calls the handler with the confirmed task.
/// <see cref="ApixoWebhookOptions.MaxConcurrentHandlers"/> workers make the calls; a task the server does not
/// show as done yet goes back to a timer for its next check, so waiting holds no worker and a flood of callbacks
/// for running tasks cannot starve a real one. The handler only ever sees what a status call about the same task
/// says. Delivery is at most once: a callback that cannot be confirmed is logged and its id released.
/// </summary>
internal sealed class ApixoWebhookProcessor(
    ApixoWebhookReadyQueue queue,
    ApixoWebhookSources sources,
    IApixoWebhookDeduplicationStore store,
    IServiceScopeFactory scopes,
    IOptions<ApixoWebhookOptions> options,
    TimeProvider time,
    ILogger<ApixoWebhookProcessor> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.MaxConcurrentHandlers)).Select(_ => WorkAsync(stoppingToken)));

    /// <summary>How long a claim lasts before it is confirmed: every check, plus room for slow status calls and the handler.</summary>
    internal static TimeSpan LeaseFor(ApixoWebhookOptions options) =>
        options.ConfirmationInterval * options.ConfirmationAttempts + TimeSpan.FromMinutes(5);

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var work = await queue.DequeueAsync(stoppingToken).ConfigureAwait(false);
                await CheckAsync(work, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckAsync(ApixoWebhookWork work, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var done = true;
        try
        {
            work.Attempts++;
            GenerationTask task;
            try
            {
                using var scope = scopes.CreateScope();
                task = await scope.ServiceProvider.GetRequiredService<ApixoClient>().GetStatusAsync(work.TaskId, stoppingToken).ConfigureAwait(false);
            }
            catch (ApixoApiException exception) when (exception.IsRetryable && work.Attempts < settings.ConfirmationAttempts)
            {
                // A passing outage, after the client's own retries: the next check may get through.
                done = false;
                _ = CheckLaterAsync(work, stoppingToken);
                return;
            }

            // An answer about another task never gets here: GetStatusAsync refuses it (logged below as a failure).
            if (!task.IsTerminal)
            {
                if (work.Attempts < settings.ConfirmationAttempts)
                {
                    // The server may show the end a little after it calls back.
                    done = false;
                    _ = CheckLaterAsync(work, stoppingToken);
                    return;
                }

                ApixoWebhookLog.NotConfirmed(logger, work.TaskId, work.Attempts);
                await ReleaseAsync(work).ConfigureAwait(false);
                return;
            }

            if (!await store.IsHeldByAsync(work.TaskId, work.Owner, stoppingToken).ConfigureAwait(false))
            {
                ApixoWebhookLog.HeldElsewhere(logger, work.TaskId);
                return;
            }

            await work.Handler(task, stoppingToken).ConfigureAwait(false);
            ApixoWebhookLog.Handled(logger, work.TaskId, task.State);
            await store.CompleteAsync(work.TaskId, work.Owner, settings.DeduplicationWindow, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            ApixoWebhookLog.Failed(logger, exception, work.TaskId);
            await ReleaseAsync(work).ConfigureAwait(false);
        }
        finally
        {
            if (done)
            {
                sources.Leave(work.Source);
            }
        }
    }

    // Waits on the TimeProvider, not in a worker: the item only takes a worker again when its check is due.
    private async Task CheckLaterAsync(ApixoWebhookWork work, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.Value.ConfirmationInterval, time, stoppingToken).ConfigureAwait(false);
            queue.Enqueue(work);
        }
        catch (OperationCanceledException)
        {
            sources.Leave(work.Source);
        }
    }

    private async Task ReleaseAsync(ApixoWebhookWork work)
    {
        try
        {
            await store.ReleaseAsync(work.TaskId, work.Owner, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The claim then lapses with its lease.
            ApixoWebhookLog.StoreFailed(logger, exception, work.TaskId);
        }
    }
}
