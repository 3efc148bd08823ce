using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Apixo.Generated.Tests.Runtime;

/// <summary>One step of a scripted server answer: a status and body, a delay, or a dropped connection.</summary>
public sealed record Step(int Status = 200, string? Body = null, string ContentType = "application/json", int DelayMs = 0, bool Drop = false, string? RetryAfter = null);

/// <summary>WireMock.Net on loopback and an <see cref="ApixoClient"/> from DI pointed at it, with fast retries and captured logs.</summary>
internal sealed class ApixoFaultServer : IDisposable
{
    public const string ApiKey = "sk-live-SECRET-4242";
    public const string SubmitPath = "/api/v1/generateTask/gpt-image-2";
    public const string StatusPath = "/api/v1/statusTask/gpt-image-2";
    public const string BalancePath = "/api/v1/apikeys/current-balance";

    private readonly ServiceProvider _provider;

    public ApixoFaultServer(Action<ApixoClientOptions>? configure = null, Uri? baseAddress = null, TimeProvider? time = null)
    {
        Server = WireMockServer.Start();
        var services = new ServiceCollection();
        // Every level, Trace included: the tests read all log output.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging(options => options.CollectRecordsForDisabledLogLevels = true);
        services.AddApixoClient(options =>
        {
            options.ApiKey = ApiKey;
            options.BaseAddress = baseAddress ?? new Uri(Server.Url + "/api/v1");
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
            // Long enough that a loaded CI machine never times out an answer that comes at once; the hang cases wait 6 s.
            options.AttemptTimeout = TimeSpan.FromSeconds(3);
            configure?.Invoke(options);
        });
        _provider = services.BuildServiceProvider();

        // A test clock drives the client's waiting only: the HTTP pipeline's timeouts stay on real time, as
        // a clock that jumps over every pending timer would fire them while a real request is in flight.
        Client = time is null
            ? _provider.GetRequiredService<ApixoClient>()
            : new ApixoClient(
                _provider.GetRequiredService<IApixoApi>(),
                _provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApixoClientOptions>>(),
                time,
                _provider.GetRequiredService<ILogger<ApixoClient>>());
        Logs = _provider.GetFakeLogCollector();
    }

    public WireMockServer Server { get; }

    public ApixoClient Client { get; }

    public FakeLogCollector Logs { get; }

    public int Requests(string path) => Server.LogEntries.Count(entry => entry.RequestMessage.Path == path);

    /// <summary>Answers <paramref name="path"/> with the steps in order; the last one repeats.</summary>
    public void Script(string path, string method, params Step[] steps)
    {
        if (steps.Length == 1)
        {
            Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(Respond(steps[0]));
            return;
        }

        var scenario = Guid.NewGuid().ToString("N");
        for (var i = 0; i < steps.Length; i++)
        {
            var given = Server.Given(Request.Create().WithPath(path).UsingMethod(method)).InScenario(scenario);
            if (i > 0)
            {
                given = given.WhenStateIs($"step{i}");
            }

            if (i < steps.Length - 1)
            {
                given = given.WillSetStateTo($"step{i + 1}");
            }

            given.RespondWith(Respond(steps[i]));
        }
    }

    private static IResponseBuilder Respond(Step step)
    {
        var response = Response.Create();
        if (step.Drop)
        {
            return response.WithFault(FaultType.EMPTY_RESPONSE);
        }

        response = response.WithStatusCode(step.Status).WithHeader("Content-Type", step.ContentType);
        if (step.RetryAfter is { } retryAfter)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        if (step.Body is { } body)
        {
            response = response.WithBody(body);
        }

        return step.DelayMs > 0 ? response.WithDelay(step.DelayMs) : response;
    }

    public void Dispose()
    {
        _provider.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
