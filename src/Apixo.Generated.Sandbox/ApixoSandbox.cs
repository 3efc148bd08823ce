using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Apixo.Generated.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Sandbox;

/// <summary>
/// An offline APIXO GPT Image 2 on 127.0.0.1: the contract's validation and errors, tasks that move from
/// pending to a result on the contract's durations (sped up), fault injection, callbacks and real PNG results.
/// </summary>
public sealed class ApixoSandbox : IAsyncDisposable
{
    private const string ApiPrefix = "/api/v1";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SandboxTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _requests = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _callbacks = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly object _balanceGate = new();
    private decimal _balance;

    private ApixoSandbox(WebApplication app, SandboxOptions options, TimeProvider clock)
    {
        _app = app;
        Options = options;
        Clock = clock;
        _balance = options.Balance;
    }

    /// <summary>The settings it runs with.</summary>
    public SandboxOptions Options { get; }

    /// <summary>Sandbox time. Give it to a client (<see cref="ApixoClient.Create"/>) so that its waiting speeds up too.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The API's base address, like APIXO's <c>https://api.apixo.ai/api/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How many tasks were accepted.</summary>
    public int TaskCount => _tasks.Count;

    /// <summary>Starts the sandbox on 127.0.0.1.</summary>
    public static async Task<ApixoSandbox> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var clock = options.Clock ?? (options.Speed > 1 ? new SandboxClock(options.Speed) : TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        var app = builder.Build();
        var sandbox = new ApixoSandbox(app, options, clock);
        sandbox.Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        sandbox.BaseUrl = new Uri(app.Urls.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + ApiPrefix);
        return sandbox;
    }

    /// <summary>Stops the sandbox.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _callbacks.Dispose();
        _stopping.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ApiPrefix, StringComparison.Ordinal))
            {
                var key = BearerKey(context.Request);
                if (key is null || (Options.ApiKey is { } only && key != only))
                {
                    await Envelope(context, 401, "Invalid or missing API key").ConfigureAwait(false);
                    return;
                }

                if (RateLimited(key) is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await Envelope(context, 429, "Rate limit exceeded").ConfigureAwait(false);
                    return;
                }

                context.Items["key"] = key;
            }

            await next(context).ConfigureAwait(false);
        });

        app.MapPost(ApiPrefix + "/generateTask/gpt-image-2", SubmitAsync);
        app.MapGet(ApiPrefix + "/statusTask/gpt-image-2", StatusAsync);
        app.MapGet(ApiPrefix + "/apikeys/current-balance", (HttpContext context) =>
        {
            lock (_balanceGate)
            {
                return Results.Text(JsonSerializer.Serialize(new BalanceResponse { Code = 200, Message = "success", Data = _balance }, ApixoJsonContext.Default.BalanceResponse), "application/json");
            }
        });
        app.MapGet("/results/{taskId}/{index:int}.png", (string taskId, int index) =>
        {
            if (index != 0 || !_tasks.TryGetValue(taskId, out var task) || task.State(Clock.GetUtcNow()) != TaskState.Success || task.IsExpired(Clock.GetUtcNow()))
            {
                return Results.NotFound();
            }

            return Results.Bytes(task.Image(), "image/png");
        });
    }

    private async Task SubmitAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Envelope(context, 400, "Invalid request", "the body is not valid JSON").ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var (request, errors) = SandboxRequestValidator.Validate(document.RootElement, Options.AllowLoopbackCallbacks);
            if (request is null)
            {
                await Envelope(context, 400, "Invalid request", string.Join("; ", errors)).ConfigureAwait(false);
                return;
            }

            var faults = SandboxFaults.Parse(request.Prompt);
            await Slow(faults, context.RequestAborted).ConfigureAwait(false);
            if (faults.SubmitStatus is { } forced)
            {
                await Forced(context, forced, faults).ConfigureAwait(false);
                return;
            }

            var key = (string)context.Items["key"]!;
            var now = Clock.GetUtcNow();
            if (Options.ConcurrentTasks is { } limit && _tasks.Values.Count(t => t.Key == key && !t.IsTerminal(now)) >= limit)
            {
                context.Response.Headers.RetryAfter = "10";
                await Envelope(context, 429, "Too many concurrent tasks").ConfigureAwait(false);
                return;
            }

            var price = GptImage2Pricing.PricePerImage(ResolutionOf(request.Resolution));
            lock (_balanceGate)
            {
                if (_balance < price)
                {
                    context.Response.StatusCode = 402;
                }
                else
                {
                    _balance -= price;
                }
            }

            if (context.Response.StatusCode == 402)
            {
                await Envelope(context, 402, "Insufficient balance").ConfigureAwait(false);
                return;
            }

            var id = "task_" + Guid.NewGuid().ToString("N")[..16];
            var task = new SandboxTask(id, key, request, faults, now, Duration(id, request.Resolution), BaseUrl);
            _tasks[id] = task;
            if (request.RequestType == "callback")
            {
                _ = DeliverCallbackAsync(task);
            }

            if (faults.Drop)
            {
                context.Abort(); // accepted, but the answer never arrives
                return;
            }

            var body = new GenerateTaskResponse { Code = 200, Message = "success", Data = new SubmittedTask { TaskId = id } };
            await Json(context, 200, JsonSerializer.Serialize(body, ApixoJsonContext.Default.GenerateTaskResponse)).ConfigureAwait(false);
        }
    }

    private async Task StatusAsync(HttpContext context)
    {
        var taskId = context.Request.Query["taskId"].ToString();
        if (string.IsNullOrWhiteSpace(taskId))
        {
            await Envelope(context, 400, "Invalid request", "taskId is required").ConfigureAwait(false);
            return;
        }

        if (!_tasks.TryGetValue(taskId, out var task))
        {
            await Envelope(context, 404, "Task not found").ConfigureAwait(false);
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

        if (task.Faults.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await Json(context, 200, task.StatusJson(Clock.GetUtcNow())).ConfigureAwait(false);
    }

    private async Task DeliverCallbackAsync(SandboxTask task)
    {
        try
        {
            await Task.Delay(task.Duration, Clock, _stopping.Token).ConfigureAwait(false);
            var delay = TimeSpan.FromSeconds(30);
            for (var attempt = 0; attempt <= 3; attempt++)
            {
                try
                {
                    // A scaled timer may fire a hair early: the callback always tells the end.
                    var now = Clock.GetUtcNow();
                    using var content = new StringContent(task.StatusJson(now > task.CompletedAt ? now : task.CompletedAt), System.Text.Encoding.UTF8, "application/json");
                    using var response = await _callbacks.PostAsync(new Uri(task.Request.CallbackUrl!), content, _stopping.Token).ConfigureAwait(false);
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

                await Task.Delay(delay, Clock, _stopping.Token).ConfigureAwait(false);
                delay *= 2;
            }
        }
        catch (OperationCanceledException)
        {
            // The sandbox stopped.
        }
    }

    private int? RateLimited(string key)
    {
        if (Options.RequestsPerMinute is not { } limit)
        {
            return null;
        }

        var now = Clock.GetUtcNow();
        var window = _requests.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (window)
        {
            while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromMinutes(1))
            {
                window.Dequeue();
            }

            if (window.Count >= limit)
            {
                return Math.Max(1, (int)Math.Ceiling((window.Peek() + TimeSpan.FromMinutes(1) - now).TotalSeconds));
            }

            window.Enqueue(now);
            return null;
        }
    }

    private static Task Slow(SandboxFaults faults, CancellationToken cancellationToken) =>
        faults.SlowMilliseconds > 0 ? Task.Delay(faults.SlowMilliseconds, cancellationToken) : Task.CompletedTask;

    private static Task Forced(HttpContext context, int status, SandboxFaults faults)
    {
        if (faults.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var meaning = ApixoHttpErrors.Describe(status).Meaning;
        return Envelope(context, status, "Sandbox: forced " + meaning.TrimEnd('.').ToLowerInvariant());
    }

    private static TimeSpan Duration(string id, string resolution)
    {
        var schedule = GptImage2Polling.For(ResolutionOf(resolution));
        var spread = (int)(schedule.TypicalMax - schedule.TypicalMin).TotalSeconds;
        return schedule.TypicalMin + TimeSpan.FromSeconds(SandboxImages.StableHash(id) % (uint)(spread + 1));
    }

    internal static Resolution ResolutionOf(string wire) => wire switch
    {
        "2k" => Resolution.Res2K,
        "4k" => Resolution.Res4K,
        _ => Resolution.Res1K,
    };

    private static string? BearerKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && header.Length > 7 && !string.IsNullOrWhiteSpace(header[7..]) ? header[7..].Trim() : null;
    }

    private static Task Envelope(HttpContext context, int status, string message, string? error = null)
    {
        var body = new ErrorResponse
        {
            Code = status,
            Message = message,
            Data = error is null ? null : ErrorData(error),
        };
        return Json(context, status, JsonSerializer.Serialize(body, ApixoJsonContext.Default.ErrorResponse));
    }

    // {"error": "..."}, the shape of APIXO's 400 data.
    private static JsonElement ErrorData(string error)
    {
        using var document = JsonDocument.Parse("{\"error\":" + JsonSerializer.Serialize(error, ApixoJsonContext.Default.String) + "}");
        return document.RootElement.Clone();
    }

    private static Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
