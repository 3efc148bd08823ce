using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary>The options several commands share, made once so that each command adds the same instances.</summary>
internal sealed class SharedOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Print exactly one JSON object on stdout, and nothing else there." };

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "The API's base address (else APIXO_BASE_URL, else APIXO's)." };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "The API key (else APIXO_API_KEY). Never printed." };

    public Option<bool> Sandbox { get; } = new("--sandbox") { Description = "Use the offline sandbox even when a key is set." };

    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Stop waiting after this many seconds of API time (the sandbox's time runs faster); the task goes on." };

    public Option<string> Out { get; } = new("--out") { Description = "Where result images are saved (created if needed; checked writable before anything is billed).", DefaultValueFactory = _ => "./out" };

    public DownloadLimits.Options Downloads { get; } = new();

    public SharedOptions()
    {
        // "--api-key --json" would otherwise take "--json" as the key, and send it.
        ApiKey.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var value }] && (value.Length == 0 || value.StartsWith('-')))
            {
                result.AddError("--api-key needs the key as its value.");
            }
        });
    }

    /// <summary>The connection options: --json, --base-url, --api-key, --sandbox.</summary>
    public IEnumerable<Option> Connection => [Json, BaseUrl, ApiKey, Sandbox];

    /// <summary>Opens the API a command's options name.</summary>
    public Task<ApiTarget> OpenAsync(ParseResult parse, CliHost host, CliOutput io, CancellationToken cancellationToken, bool withTimeout = false) =>
        ApiTarget.OpenAsync(parse.GetValue(ApiKey), parse.GetValue(BaseUrl), parse.GetValue(Sandbox), withTimeout ? parse.GetValue(Timeout) : null, host, io, cancellationToken);
}

/// <summary>A command of <c>apixo</c>: builds itself from the shared options.</summary>
internal interface ICliCommand
{
    Command Create(SharedOptions shared, CliHost host);
}
