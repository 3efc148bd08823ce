using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Evolution.Tests.TestSupport;

/// <summary>One request that passed the proxy, and the answer it got.</summary>
internal sealed record ProxiedExchange(string Method, string PathAndQuery, string RequestBody, int Status, string ResponseBody)
{
    /// <summary>The request body as JSON.</summary>
    public JsonNode Request => JsonNode.Parse(RequestBody) ?? throw new Xunit.Sdk.XunitException($"{Method} {PathAndQuery} had no JSON body.");

    /// <summary>The answer as JSON.</summary>
    public JsonNode Response => JsonNode.Parse(ResponseBody) ?? throw new Xunit.Sdk.XunitException($"{Method} {PathAndQuery} got no JSON answer.");
}

/// <summary>
/// A reverse proxy on 127.0.0.1 that records every request and answer on their way to <see cref="Target"/> (a
/// sandbox), so that a test sees exactly what the CLI put on the wire. It runs for the whole suite: its address is
/// known before any scratch build, so a contract may even name it as its server.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ProxiedExchange> _exchanges = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.None });

    private RecordingProxy(WebApplication app) => _app = app;

    /// <summary>Where the proxy listens: <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The origin requests go on to (the current scenario's sandbox); none answers 502.</summary>
    public Uri? Target { get; set; }

    /// <summary>Every exchange so far, in order.</summary>
    public IReadOnlyList<ProxiedExchange> Exchanges => [.. _exchanges];

    public static async Task<RecordingProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new RecordingProxy(app);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.Address = new Uri(app.Urls.Single());
        return proxy;
    }

    public void Clear() => _exchanges.Clear();

    private async Task ForwardAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        if (Target is not { } target)
        {
            _exchanges.Enqueue(new ProxiedExchange(context.Request.Method, pathAndQuery, body, 502, string.Empty));
            context.Response.StatusCode = 502;
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, pathAndQuery));
        if (context.Request.Headers.Authorization is { Count: > 0 } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", (IEnumerable<string?>)authorization);
        }

        if (body.Length > 0 || context.Request.ContentLength is > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            }
        }

        using var response = await _forward.SendAsync(request, context.RequestAborted);
        var answer = await response.Content.ReadAsStringAsync(context.RequestAborted);
        _exchanges.Enqueue(new ProxiedExchange(context.Request.Method, pathAndQuery, body, (int)response.StatusCode, answer));
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString();
        }

        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}
