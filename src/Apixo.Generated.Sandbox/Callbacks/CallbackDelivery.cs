using System.Net;
using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Sandbox.Tasks;

namespace Apixo.Generated.Sandbox.Callbacks;

/// <summary>
/// Posts a finished task's status envelope to its callback URL, retrying on anything but 200 as the contract's
/// x-apixo-callback-delivery says (today up to 3 more times, 30, 60 and 120 s of sandbox time apart).
/// </summary>
internal sealed class CallbackDelivery(CallbackRules rules, TimeProvider clock, bool allowLoopback = false) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = rules.Timeout > TimeSpan.Zero ? rules.Timeout : TimeSpan.FromSeconds(100) };
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts delivering in the background; a task that never finishes gets no callback.</summary>
    public void Start(SandboxTask task) => _ = DeliverAsync(task);

    public void Stop() => _stopping.Cancel();

    public void Dispose()
    {
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task DeliverAsync(SandboxTask task)
    {
        try
        {
            await Task.Delay(task.Duration, clock, _stopping.Token).ConfigureAwait(false);
            if (!task.IsFinished(task.CompletedAt))
            {
                return;
            }

            var delay = rules.FirstRetryAfter;
            for (var attempt = 0; attempt <= rules.MaxRetries; attempt++)
            {
                try
                {
                    // A scaled timer may fire a hair early: the callback always tells the end.
                    var now = clock.GetUtcNow();
                    using var content = new StringContent(task.StatusJson(now > task.CompletedAt ? now : task.CompletedAt), System.Text.Encoding.UTF8, "application/json");
                    using var response = await _http.PostAsync(Target(task.Request.CallbackUrl!), content, _stopping.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref task.CallbacksSent);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref task.CallbacksSent);
                }

                await Task.Delay(delay, clock, _stopping.Token).ConfigureAwait(false);
                delay *= 2;
            }
        }
        catch (OperationCanceledException)
        {
            // The sandbox stopped.
        }
    }

    // A local receiver (a test, `apixo generate --callback-url https://127.0.0.1:…`) serves no TLS: with
    // AllowLoopbackCallbacks, an https URL on a loopback host is delivered over plain http. The request still
    // carried an https URL, so it passed the contract's pattern (and the client's builders) unchanged.
    private Uri Target(string callbackUrl)
    {
        var url = new Uri(callbackUrl);
        return allowLoopback && url.Scheme == Uri.UriSchemeHttps && url.IsLoopback
            ? new UriBuilder(url) { Scheme = Uri.UriSchemeHttp, Port = url.Port }.Uri
            : url;
    }
}
