using Apixo.Generated.Sandbox;

namespace Apixo.Generated.Cli;

/// <summary>
/// The API a command talks to: --base-url/APIXO_BASE_URL with --api-key/APIXO_API_KEY, or, with neither (or
/// --sandbox), an in-process sandbox.
/// </summary>
internal sealed class ApiTarget : IAsyncDisposable
{
    private readonly ApixoSandbox? _sandbox;

    private ApiTarget(ApixoClient client, TimeProvider clock, ApixoSandbox? sandbox, bool isLocal)
    {
        Client = client;
        Clock = clock;
        _sandbox = sandbox;
        IsLocal = isLocal;
    }

    public ApixoClient Client { get; }

    public TimeProvider Clock { get; }

    /// <summary>Whether the API is on this machine (the sandbox): its result URLs are then http on loopback, and allowed.</summary>
    public bool IsLocal { get; }

    private const int MaxTimeoutSeconds = 30 * 24 * 3600;

    public static async Task<ApiTarget> OpenAsync(string? apiKey, string? baseUrl, bool forceSandbox, double? timeoutSeconds, CliHost host, CliOutput output, CancellationToken cancellationToken)
    {
        var environment = host.Environment;
        apiKey ??= environment(ApixoClientOptions.ApiKeyEnvironmentVariable);
        baseUrl ??= environment("APIXO_BASE_URL");
        var options = new ApixoClientOptions();
        if (timeoutSeconds is { } seconds)
        {
            // From a millisecond (less rounds to zero) to 30 days (more overflows the clock's arithmetic).
            options.Deadline = double.IsFinite(seconds) && seconds >= 0.001 && seconds <= MaxTimeoutSeconds
                ? TimeSpan.FromSeconds(seconds)
                : throw new CliInputException($"--timeout must be a number of seconds from 0.001 to {MaxTimeoutSeconds}.");
        }

        if (forceSandbox || (string.IsNullOrWhiteSpace(apiKey) && string.IsNullOrWhiteSpace(baseUrl)))
        {
            var sandbox = await ApixoSandbox.StartAsync(new SandboxOptions { AllowLoopbackCallbacks = true }, cancellationToken).ConfigureAwait(false);
            var why = forceSandbox ? "--sandbox given" : "no API key or base URL given";
            output.Error.WriteLine($"apixo: {why}, so using the offline sandbox at {sandbox.BaseUrl} (simulated results, time x{sandbox.Options.Speed:0}).");
            output.InProcessSandbox = true;
            options.ApiKey = "sandbox";
            options.BaseAddress = sandbox.BaseUrl;
            try
            {
                return new ApiTarget(ApixoClient.Create(options, sandbox.Clock), sandbox.Clock, sandbox, isLocal: !host.TreatLoopbackApiAsRemote);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException exception)
            {
                await sandbox.DisposeAsync().ConfigureAwait(false);
                throw new CliInputException(exception.Message);
            }
        }

        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new CliInputException("No API key: pass --api-key or set APIXO_API_KEY.");
        }

        options.ApiKey = apiKey;
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            options.BaseAddress = Uri.TryCreate(baseUrl, UriKind.Absolute, out var address)
                ? address
                : throw new CliInputException($"--base-url '{TerminalText.Escape(baseUrl)}' is not an absolute URL.");
        }

        try
        {
            var time = host.Clock ?? TimeProvider.System;
            return new ApiTarget(ApixoClient.Create(options, time), time, null, isLocal: options.BaseAddress.IsLoopback && !host.TreatLoopbackApiAsRemote);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException exception)
        {
            throw new CliInputException(exception.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync().ConfigureAwait(false);
        }
    }
}

