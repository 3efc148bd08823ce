using Apixo.Generated.Sandbox.Callbacks;
using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Sandbox.Endpoints;
using Apixo.Generated.Sandbox.Ledger;
using Apixo.Generated.Sandbox.Limits;
using Apixo.Generated.Sandbox.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Apixo.Generated.Sandbox;

/// <summary>
/// An offline APIXO GPT Image 2 on 127.0.0.1: the contract's validation and errors, tasks that move from
/// pending to a result on the contract's durations (sped up), fault injection, callbacks and real PNG results.
/// </summary>
/// <remarks>
/// Everything it knows about the API comes from the contract (<see cref="SandboxOptions.Contract"/>, else the
/// one it was built with) and the client's generated tables: the folders hold the parts (Contract: schema and
/// operations; Endpoints; Tasks; Ledger: balance; Limits: rate; Callbacks; Faults: prompt markers; Images).
/// </remarks>
public sealed class ApixoSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxTaskStore _tasks;
    private readonly CallbackDelivery _callbacks;

    private ApixoSandbox(WebApplication app, SandboxOptions options, TimeProvider clock, SandboxTaskStore tasks, CallbackDelivery callbacks)
    {
        _app = app;
        Options = options;
        Clock = clock;
        _tasks = tasks;
        _callbacks = callbacks;
    }

    /// <summary>The settings it runs with.</summary>
    public SandboxOptions Options { get; }

    /// <summary>Sandbox time. Give it to a client (<see cref="ApixoClient.Create"/>) so that its waiting speeds up too.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The API's base address, like APIXO's <see cref="GptImage2Service.ServerUrl"/>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How many tasks were accepted.</summary>
    public int TaskCount => _tasks.Count;

    /// <summary>Starts the sandbox on 127.0.0.1.</summary>
    public static async Task<ApixoSandbox> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var contract = SandboxContract.Load(options.Contract);
        var clock = options.Clock ?? (options.Speed > 1 ? new SandboxClock(options.Speed) : TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        var app = builder.Build();

        var tasks = new SandboxTaskStore();
        var ledger = new SandboxLedger(options.Balance);
        var callbacks = new CallbackDelivery(contract.CallbackRules, clock, options.AllowLoopbackCallbacks);
        var sandbox = new ApixoSandbox(app, options, clock, tasks, callbacks);
        var access = new SandboxAccess(contract.ApiPrefix, options.ApiKey, new SandboxRateLimit(options.RequestsPerMinute, clock));
        app.Use(access.InvokeAsync);
        SandboxRoutes.Map(
            app,
            contract,
            new SubmitEndpoint(contract, options, tasks, ledger, callbacks, clock, () => sandbox.BaseUrl),
            new StatusEndpoint(contract, tasks, clock),
            new BalanceEndpoint(ledger),
            tasks,
            clock);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        sandbox.BaseUrl = new Uri(app.Urls.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + contract.ApiPrefix);
        return sandbox;
    }

    /// <summary>Stops the sandbox.</summary>
    public async ValueTask DisposeAsync()
    {
        _callbacks.Stop();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _callbacks.Dispose();
    }
}
