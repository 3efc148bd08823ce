using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Apixo.Generated.Tests.TestSupport;

/// <summary>A callback receiver on Kestrel (127.0.0.1): records each body and answers with <paramref name="answer"/> (call number → status).</summary>
internal sealed class LocalReceiver(WebApplication app, Channel<string> bodies) : IAsyncDisposable
{
    private int _calls;

    public Uri Url => new(app.Urls.First() + "/hook");

    public int Calls => Volatile.Read(ref _calls);

    public static async Task<LocalReceiver> StartAsync(Func<int, int>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var bodies = Channel.CreateUnbounded<string>();
        var receiver = new LocalReceiver(app, bodies);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            await bodies.Writer.WriteAsync(await new StreamReader(request.Body).ReadToEndAsync());
            return Results.StatusCode(answer?.Invoke(Interlocked.Increment(ref receiver._calls)) ?? 200);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next body received, within <paramref name="timeout"/>.</summary>
    public async Task<string> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await bodies.Reader.ReadAsync(cancel.Token);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
