using System.CommandLine;

namespace Apixo.Generated.Cli;

/// <summary><c>apixo generate</c>: build the request with the generated builders, submit, wait and save.</summary>
internal sealed class GenerateCommand(Secrets secrets, CancellationToken cancellationToken) : ICliCommand
{
    private static readonly string[] AspectRatios = ["auto", "1:1", "4:3", "3:4", "16:9", "9:16"];

    public Command Create(SharedOptions shared, CliHost host)
    {
        var prompt = new Argument<string>("prompt") { Description = "What to generate (1 to 20000 characters)." };
        var imageUrls = new Option<string[]>("--image-url") { Description = "A reference image (1 to 16); makes the request image-to-image.", AllowMultipleArgumentsPerToken = false };
        var aspect = new Option<string>("--aspect-ratio") { Description = "auto, 1:1, 4:3, 3:4, 16:9 or 9:16.", DefaultValueFactory = _ => "auto" };
        aspect.AcceptOnlyFromAmong(AspectRatios);
        var resolution = Tiers.Option();
        var callbackUrl = new Option<string?>("--callback-url") { Description = "Ask APIXO to POST the result there (https)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the task id and exit without waiting." };

        var command = new Command("generate", "Generate an image and save it (waits on the contract's schedule).")
        {
            prompt, imageUrls, aspect, resolution, callbackUrl, noWait, shared.Out, shared.Timeout,
        };
        foreach (var option in shared.Connection.Concat(shared.Downloads.All))
        {
            command.Add(option);
        }

        command.SetAction((parse, token) => CommandRunner.RunAsync(parse, shared, host, secrets, async io =>
        {
            var urls = parse.GetValue(imageUrls) ?? [];
            var localTarget = IsLocalTarget(parse.GetValue(shared.ApiKey), parse.GetValue(shared.BaseUrl), parse.GetValue(shared.Sandbox), host.Environment);
            var request = Build(parse.GetValue(prompt)!, urls, parse.GetValue(aspect)!, parse.GetValue(resolution)!, parse.GetValue(callbackUrl), localTarget, io);
            if (request is null)
            {
                if (io.Json)
                {
                    io.TaskResult(string.Empty, null, [], null, "invalid input: nothing was sent");
                }

                return ExitCodes.InvalidInput;
            }

            var wait = !parse.GetValue(noWait);
            // Everything that can refuse the run does so before the submit, the step that is billed.
            var limits = wait ? shared.Downloads.Read(parse) : null;
            var folder = wait ? OutputFolder.Prepare(parse.GetValue(shared.Out)!) : null;
            var estimated = GptImage2Pricing.EstimateCost(request);
            io.Estimated = estimated;
            await using var target = await shared.OpenAsync(parse, host, io, token, withTimeout: true).ConfigureAwait(false);
            var submittedAt = target.Clock.GetUtcNow();
            var id = await target.Client.SubmitAsync(request, token).ConfigureAwait(false);
            if (!wait)
            {
                if (io.Json)
                {
                    io.TaskResult(id, null, [], estimated);
                }
                else
                {
                    io.Say($"Submitted {TerminalText.Escape(id, 256)}.");
                }

                return ExitCodes.Success;
            }

            return await WaitAndSave.RunAsync(target, id, request.Input.Resolution ?? Resolution.Res1K, submittedAt, folder!, limits!, io, token).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }

    private static GenerateTaskRequest? Build(string prompt, string[] urls, string aspect, string resolution, string? callback, bool localTarget, CliOutput io)
    {
        // The contract wants an https callback. A sandbox on this machine may call a local http receiver: the
        // request is checked with a stand-in https URL, then carries the local one.
        var localCallback = localTarget && callback is not null && Uri.TryCreate(callback, UriKind.Absolute, out var local) && local.Scheme == Uri.UriSchemeHttp && local.IsLoopback
            ? new Uri(callback)
            : null;
        if (localCallback is not null)
        {
            callback = "https://localhost/callback";
        }

        GenerateTaskRequest? built;
        IReadOnlyList<ApixoValidationError> errors;
        if (urls.Length > 0)
        {
            var image = GptImage2.ImageToImage(prompt, urls);
            Configure(image, aspect, resolution, callback);
            image.TryBuild(out built, out errors);
        }
        else
        {
            var text = GptImage2.TextToImage(prompt);
            Configure(text, aspect, resolution, callback);
            text.TryBuild(out built, out errors);
        }

        foreach (var error in errors)
        {
            io.Error.WriteLine("apixo: " + error.Message);
        }

        if (built is null)
        {
            io.Error.WriteLine("apixo: nothing was sent.");
        }
        else if (localCallback is not null)
        {
            built.CallbackUrl = localCallback;
        }

        return built;
    }

    private static void Configure<T>(GptImage2RequestBuilder<T> builder, string aspect, string resolution, string? callback)
        where T : GptImage2RequestBuilder<T>
    {
        builder.WithAspectRatio(AspectRatioOf(aspect)).WithResolution(Tiers.Parse(resolution));
        if (callback is not null)
        {
            builder.WithCallback(callback);
        }
    }

    private static bool IsLocalTarget(string? apiKey, string? baseUrl, bool sandbox, Func<string, string?> environment)
    {
        baseUrl ??= environment("APIXO_BASE_URL");
        apiKey ??= environment(ApixoClientOptions.ApiKeyEnvironmentVariable);
        return sandbox
            || (string.IsNullOrWhiteSpace(apiKey) && string.IsNullOrWhiteSpace(baseUrl))
            || (Uri.TryCreate(baseUrl, UriKind.Absolute, out var address) && address.IsLoopback);
    }

    private static AspectRatio AspectRatioOf(string wire) => wire switch
    {
        "1:1" => AspectRatio.Ratio1x1,
        "4:3" => AspectRatio.Ratio4x3,
        "3:4" => AspectRatio.Ratio3x4,
        "16:9" => AspectRatio.Ratio16x9,
        "9:16" => AspectRatio.Ratio9x16,
        _ => AspectRatio.Auto,
    };
}

/// <summary>The resolution tiers as the CLI reads them.</summary>
internal static class Tiers
{
    private static readonly string[] Names = ["1k", "2k", "4k"];

    public static Option<string> Option(string description = "1k, 2k or 4k: the price, and the polling schedule and deadline of a wait.")
    {
        var option = new Option<string>("--resolution") { Description = description, DefaultValueFactory = _ => "1k" };
        option.AcceptOnlyFromAmong(Names);
        return option;
    }

    public static Resolution Parse(string wire) => wire switch
    {
        "2k" => Resolution.Res2K,
        "4k" => Resolution.Res4K,
        _ => Resolution.Res1K,
    };
}
