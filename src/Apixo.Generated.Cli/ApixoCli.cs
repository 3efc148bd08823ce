using System.CommandLine;
using System.Globalization;
using Apixo.Generated.Sandbox;
using Spectre.Console;

namespace Apixo.Generated.Cli;

/// <summary>The <c>apixo</c> command line: generate, status, wait, cost, balance and sandbox.</summary>
public static class ApixoCli
{
    private static readonly string[] AspectRatios = ["auto", "1:1", "4:3", "3:4", "16:9", "9:16"];
    private static readonly string[] Resolutions = ["1k", "2k", "4k"];

    /// <summary>Runs <paramref name="args"/> and returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where messages go.</param>
    /// <param name="environment">Reads environment variables (APIXO_API_KEY, APIXO_BASE_URL).</param>
    /// <param name="interactive">Whether a person watches a terminal: live progress instead of lines.</param>
    /// <param name="clock">The clock the client waits by when talking to a given base URL (a sandbox's, in tests).</param>
    /// <param name="cancellationToken">Ctrl+C: stops the waiting, never the task.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null, bool interactive = false, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var secrets = RedactingWriter.SecretsOf(args, environment);
        stdout = new RedactingWriter(stdout, secrets);
        stderr = new RedactingWriter(stderr, secrets);
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout, and nothing else there." };
        var baseUrl = new Option<string?>("--base-url") { Description = "The API's base address (else APIXO_BASE_URL, else APIXO's)." };
        var apiKey = new Option<string?>("--api-key") { Description = "The API key (else APIXO_API_KEY). Never printed." };
        var sandbox = new Option<bool>("--sandbox") { Description = "Use the offline sandbox even when a key is set." };
        var timeout = new Option<double?>("--timeout") { Description = "Stop waiting after this many seconds of API time (the sandbox's time runs faster); the task goes on." };
        var output = new Option<string>("--out") { Description = "Where result images are saved.", DefaultValueFactory = _ => "./out" };
        var resolution = new Option<string>("--resolution") { Description = "1k, 2k or 4k: the price, and the polling schedule and deadline of a wait.", DefaultValueFactory = _ => "1k" };
        resolution.AcceptOnlyFromAmong(Resolutions);

        var prompt = new Argument<string>("prompt") { Description = "What to generate (1 to 20000 characters)." };
        var imageUrls = new Option<string[]>("--image-url") { Description = "A reference image (1 to 16); makes the request image-to-image.", AllowMultipleArgumentsPerToken = false };
        var aspect = new Option<string>("--aspect-ratio") { Description = "auto, 1:1, 4:3, 3:4, 16:9 or 9:16.", DefaultValueFactory = _ => "auto" };
        aspect.AcceptOnlyFromAmong(AspectRatios);
        var callbackUrl = new Option<string?>("--callback-url") { Description = "Ask APIXO to POST the result there (https)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the task id and exit without waiting." };
        var taskId = new Argument<string>("taskId") { Description = "The id submit printed." };
        var count = new Option<int>("--count") { Description = "How many images.", DefaultValueFactory = _ => 1 };
        var port = new Option<int>("--port") { Description = "The loopback port (0: a free one).", DefaultValueFactory = _ => 0 };
        var speed = new Option<double>("--speed") { Description = "How much faster than real time tasks progress (1: real time).", DefaultValueFactory = _ => 60 };

        var generate = new Command("generate", "Generate an image and save it (waits on the contract's schedule).")
        {
            prompt, imageUrls, aspect, resolution, callbackUrl, noWait, output, json, baseUrl, apiKey, sandbox, timeout,
        };
        var status = new Command("status", "Show a task's state.") { taskId, json, baseUrl, apiKey, sandbox };
        var wait = new Command("wait", "Wait for a task and save its images (resumes a generate that stopped waiting).")
        {
            taskId, resolution, output, json, baseUrl, apiKey, sandbox, timeout,
        };
        var cost = new Command("cost", "Show what images cost, from the contract's prices (no call).") { resolution, count, json };
        var balance = new Command("balance", "Show the key's balance in USD.") { json, baseUrl, apiKey, sandbox };
        var serve = new Command("sandbox", "Run the offline sandbox until Ctrl+C.") { port, speed };

        var oldSpec = new Argument<string>("old") { Description = "The contract before the change (a file)." };
        var newSpec = new Argument<string>("new") { Description = "The contract after the change (a file)." };
        var format = new Option<string>("--format") { Description = "text, markdown or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var spec = new Argument<string>("spec") { Description = "The contract to check (a file)." };
        var diff = new Command("diff", "Classify every change between two contracts as breaking, additive or cosmetic, with a semver verdict. Exits 1 when a change is breaking.") { oldSpec, newSpec, format };
        var lint = new Command("lint", "The generator's diagnostics plus completeness rules. Exits 1 on any error.") { spec };
        var contract = new Command("contract", "Review a contract change before code.") { diff, lint };

        var root = new RootCommand("apixo: APIXO GPT Image 2 from the command line. Without a key or base URL it uses the offline sandbox.\n\n" + ExitCodes.Help)
        {
            generate, status, wait, cost, balance, serve, contract,
        };

        diff.SetAction(parse =>
        {
            string before, after;
            try
            {
                before = File.ReadAllText(parse.GetValue(oldSpec)!);
                after = File.ReadAllText(parse.GetValue(newSpec)!);
            }
            catch (IOException exception)
            {
                stderr.WriteLine("apixo: " + exception.Message);
                return ExitCodes.InvalidInput;
            }

            IReadOnlyList<Contract.ContractChange> changes;
            try
            {
                changes = Contract.ContractDiff.Compare(before, after);
            }
            catch (Exception exception) when (exception is FormatException or YamlDotNet.Core.YamlException)
            {
                stderr.WriteLine("apixo: a contract is not valid YAML: " + exception.Message);
                return ExitCodes.InvalidInput;
            }

            Contract.ContractReport.Write(stdout, changes, parse.GetValue(format)!);
            return changes.Any(c => c.Kind == Contract.ChangeKind.Breaking) ? 1 : ExitCodes.Success;
        });

        lint.SetAction(parse =>
        {
            var file = parse.GetValue(spec)!;
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException exception)
            {
                stderr.WriteLine("apixo: " + exception.Message);
                return ExitCodes.InvalidInput;
            }

            var findings = Contract.ContractLint.Run(file, text);
            foreach (var finding in findings)
            {
                stdout.WriteLine($"{file}{(finding.Line is { } line ? $"({line})" : string.Empty)}: error {finding.Id}: {finding.Message}");
            }

            stdout.WriteLine(findings.Count == 0 ? "The contract is complete: no findings." : $"{findings.Count} finding(s).");
            return findings.Count == 0 ? ExitCodes.Success : 1;
        });

        generate.SetAction((parse, token) => Guarded(parse, stdout, stderr, json, interactive, async io =>
        {
            var urls = parse.GetValue(imageUrls) ?? [];
            var localTarget = IsLocalTarget(parse.GetValue(apiKey), parse.GetValue(baseUrl), parse.GetValue(sandbox), environment);
            var request = Build(parse.GetValue(prompt)!, urls, parse.GetValue(aspect)!, parse.GetValue(resolution)!, parse.GetValue(callbackUrl), localTarget, io);
            if (request is null)
            {
                if (io.Json)
                {
                    io.TaskResult(string.Empty, null, [], null, "invalid input: nothing was sent");
                }

                return ExitCodes.InvalidInput;
            }

            var estimated = GptImage2Pricing.EstimateCost(request);
            io.Estimated = estimated;
            await using var target = await ApiTarget.OpenAsync(parse.GetValue(apiKey), parse.GetValue(baseUrl), parse.GetValue(sandbox), parse.GetValue(timeout), environment, clock, io, token).ConfigureAwait(false);
            var submittedAt = target.Clock.GetUtcNow();
            var id = await target.Client.SubmitAsync(request, token).ConfigureAwait(false);
            if (parse.GetValue(noWait))
            {
                Report(io, id, null, [], estimated, $"Submitted {id}.");
                return ExitCodes.Success;
            }

            return await WaitAndSaveAsync(target, id, request.Input.Resolution ?? Resolution.Res1K, submittedAt, parse.GetValue(output)!, estimated, io, token).ConfigureAwait(false);
        }, cancellationToken));

        status.SetAction((parse, token) => Guarded(parse, stdout, stderr, json, interactive, async io =>
        {
            await using var target = await ApiTarget.OpenAsync(parse.GetValue(apiKey), parse.GetValue(baseUrl), parse.GetValue(sandbox), null, environment, clock, io, token).ConfigureAwait(false);
            var task = await target.Client.GetStatusAsync(parse.GetValue(taskId)!, token).ConfigureAwait(false);
            Report(io, task.TaskId, task, [], null, Describe(task));
            return ExitCodes.Success;
        }, cancellationToken));

        wait.SetAction((parse, token) => Guarded(parse, stdout, stderr, json, interactive, async io =>
        {
            await using var target = await ApiTarget.OpenAsync(parse.GetValue(apiKey), parse.GetValue(baseUrl), parse.GetValue(sandbox), parse.GetValue(timeout), environment, clock, io, token).ConfigureAwait(false);
            var tier = ResolutionOf(parse.GetValue(resolution)!);
            // Resuming: the first poll comes at once.
            var submittedAt = target.Clock.GetUtcNow() - GptImage2Polling.For(tier).FirstPoll;
            return await WaitAndSaveAsync(target, parse.GetValue(taskId)!, tier, submittedAt, parse.GetValue(output)!, null, io, token).ConfigureAwait(false);
        }, cancellationToken));

        cost.SetAction((parse, token) => Guarded(parse, stdout, stderr, json, interactive, io =>
        {
            var n = parse.GetValue(count);
            if (n < 1)
            {
                io.Error.WriteLine("apixo: --count must be at least 1.");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var total = GptImage2Pricing.PricePerImage(ResolutionOf(parse.GetValue(resolution)!)) * n;
            if (io.Json)
            {
                io.Result(writer =>
                {
                    writer.WriteString("resolution", parse.GetValue(resolution));
                    writer.WriteNumber("count", n);
                    writer.WriteNumber("estimatedCost", total);
                    writer.WriteString("currency", GptImage2Pricing.Currency);
                });
            }
            else
            {
                io.Say(string.Create(CultureInfo.InvariantCulture, $"{n} image(s) at {parse.GetValue(resolution)}: {total} {GptImage2Pricing.Currency}"));
            }

            return Task.FromResult(ExitCodes.Success);
        }, cancellationToken));

        balance.SetAction((parse, token) => Guarded(parse, stdout, stderr, json, interactive, async io =>
        {
            await using var target = await ApiTarget.OpenAsync(parse.GetValue(apiKey), parse.GetValue(baseUrl), parse.GetValue(sandbox), null, environment, clock, io, token).ConfigureAwait(false);
            var usd = await target.Client.GetBalanceAsync(token).ConfigureAwait(false);
            if (io.Json)
            {
                io.Result(writer => writer.WriteNumber("balance", usd));
            }
            else
            {
                io.Say(string.Create(CultureInfo.InvariantCulture, $"Balance: {usd} USD"));
            }

            return ExitCodes.Success;
        }, cancellationToken));

        serve.SetAction(async (parse, token) =>
        {
            ApixoSandbox running;
            try
            {
                running = await ApixoSandbox.StartAsync(new SandboxOptions { Port = parse.GetValue(port), Speed = Math.Max(1, parse.GetValue(speed)), AllowLoopbackCallbacks = true }, token).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                stderr.WriteLine($"apixo: the sandbox cannot listen on port {parse.GetValue(port)}: {exception.Message}");
                return ExitCodes.InvalidInput;
            }

            await using var _ = running;
            stdout.WriteLine($"Sandbox running at {running.BaseUrl} (time x{running.Options.Speed:0}). Any bearer key is accepted. Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        });

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine("apixo: " + error.Message);
            }

            if (args.Contains("--json"))
            {
                new CliOutput(stdout, stderr, json: true, interactive: false).TaskResult(string.Empty, null, [], null, "invalid input: " + string.Join("; ", parsed.Errors.Select(e => e.Message)));
            }

            return ExitCodes.InvalidInput;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken).ConfigureAwait(false);
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

        var request = urls.Length > 0
            ? (object)GptImage2.ImageToImage(prompt, urls)
            : GptImage2.TextToImage(prompt);
        GenerateTaskRequest? built;
        IReadOnlyList<ApixoValidationError> errors;
        switch (request)
        {
            case ImageToImageRequestBuilder image:
                Configure(image, aspect, resolution, callback);
                image.TryBuild(out built, out errors);
                break;
            default:
                var text = (TextToImageRequestBuilder)request;
                Configure(text, aspect, resolution, callback);
                text.TryBuild(out built, out errors);
                break;
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
        builder.WithAspectRatio(AspectRatioOf(aspect)).WithResolution(ResolutionOf(resolution));
        if (callback is not null)
        {
            builder.WithCallback(callback);
        }
    }

    private static async Task<int> WaitAndSaveAsync(ApiTarget target, string id, Resolution tier, DateTimeOffset submittedAt, string outDirectory, decimal? estimated, CliOutput io, CancellationToken token)
    {
        GenerationTask task;
        if (io.Interactive)
        {
            task = await AnsiConsole.Status().StartAsync($"Task {id}: submitted", async context =>
                await target.Client.WaitForCompletionAsync(id, tier, submittedAt, new Progress<GenerationTask>(t => context.Status($"Task {id}: {t.State.ToString().ToLowerInvariant()}")), token).ConfigureAwait(false)).ConfigureAwait(false);
        }
        else
        {
            io.Say($"Task {id}: waiting (first poll after {GptImage2Polling.For(tier).FirstPoll.TotalSeconds:0} s, then every {GptImage2Polling.For(tier).Interval.TotalSeconds:0} s)");
            task = await target.Client.WaitForCompletionAsync(id, tier, submittedAt, new LineProgress(io, id), token).ConfigureAwait(false);
        }

        var files = await SaveAsync(task, outDirectory, token).ConfigureAwait(false);
        Report(io, id, task, files, estimated, $"Task {id} succeeded{(task.IsExpired ? " (results expired)" : string.Empty)}. Saved:" + string.Concat(files.Select(f => Environment.NewLine + "  " + f)));
        return ExitCodes.Success;
    }

    private static async Task<IReadOnlyList<string>> SaveAsync(GenerationTask task, string outDirectory, CancellationToken token)
    {
        Directory.CreateDirectory(outDirectory);
        using var http = new HttpClient(); // result URLs are public: the key is never sent there
        var files = new List<string>();
        for (var i = 0; i < task.ResultUrls.Count; i++)
        {
            var path = Path.GetFullPath(Path.Combine(outDirectory, $"{task.TaskId}-{i}.png"));
            await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(task.ResultUrls[i], token).ConfigureAwait(false), token).ConfigureAwait(false);
            files.Add(path);
        }

        return files;
    }

    private static void Report(CliOutput io, string id, GenerationTask? task, IReadOnlyList<string> files, decimal? estimated, string line)
    {
        if (io.Json)
        {
            io.TaskResult(id, task, files, estimated);
        }
        else
        {
            io.Say(line);
        }
    }

    private static string Describe(GenerationTask task) =>
        $"Task {task.TaskId}: {task.State.ToString().ToLowerInvariant()}"
        + (task.FailCode is { } code ? $" ({code.Value}: {task.FailMessage})" : string.Empty)
        + string.Concat(task.ResultUrls.Select(url => Environment.NewLine + "  " + url));

    /// <summary>Runs a command and turns every outcome into its exit code and message.</summary>
    private static async Task<int> Guarded(System.CommandLine.ParseResult parse, TextWriter stdout, TextWriter stderr, Option<bool> json, bool interactive, Func<CliOutput, Task<int>> run, CancellationToken outer)
    {
        var io = new CliOutput(stdout, stderr, parse.GetValue(json), interactive);
        try
        {
            return await run(io).ConfigureAwait(false);
        }
        catch (CliInputException exception)
        {
            Fail(io, null, null, exception.Message);
            return ExitCodes.InvalidInput;
        }
        catch (TaskFailedException exception)
        {
            Fail(io, exception.TaskId, exception.Task, exception.Message);
            return ExitCodes.TaskFailed;
        }
        catch (ApixoDeadlineExceededException exception)
        {
            Fail(io, exception.TaskId, null, exception.Message + " " + ResumeHint(io, exception.TaskId));
            return ExitCodes.DeadlinePassed;
        }
        catch (ApixoWaitCanceledException exception)
        {
            Fail(io, exception.TaskId, null, $"Cancelled; the task goes on. {ResumeHint(io, exception.TaskId)}");
            return ExitCodes.Cancelled;
        }
        catch (OperationCanceledException) when (outer.IsCancellationRequested)
        {
            stderr.WriteLine("apixo: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (ApixoApiException exception)
        {
            Fail(io, exception.TaskId, null, exception.Message);
            return ExitCodes.ApiError;
        }
        catch (HttpRequestException exception)
        {
            Fail(io, null, null, exception.Message);
            return ExitCodes.ApiError;
        }
    }

    // The in-process sandbox ends with the command, and its tasks with it.
    private static string ResumeHint(CliOutput io, string taskId) => io.InProcessSandbox
        ? $"The in-process sandbox stopped with this command. To wait for a task across commands, run 'apixo sandbox' and pass its address with --base-url (then: apixo wait {taskId})."
        : $"Resume: apixo wait {taskId}";

    private static void Fail(CliOutput io, string? taskId, GenerationTask? task, string message)
    {
        io.Error.WriteLine("apixo: " + message);
        if (io.Json)
        {
            io.TaskResult(taskId ?? string.Empty, task, [], io.Estimated, message);
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


    private static Resolution ResolutionOf(string wire) => wire switch
    {
        "2k" => Resolution.Res2K,
        "4k" => Resolution.Res4K,
        _ => Resolution.Res1K,
    };

    private static AspectRatio AspectRatioOf(string wire) => wire switch
    {
        "1:1" => AspectRatio.Ratio1x1,
        "4:3" => AspectRatio.Ratio4x3,
        "3:4" => AspectRatio.Ratio3x4,
        "16:9" => AspectRatio.Ratio16x9,
        "9:16" => AspectRatio.Ratio9x16,
        _ => AspectRatio.Auto,
    };

    private sealed class LineProgress(CliOutput io, string id) : IProgress<GenerationTask>
    {
        public void Report(GenerationTask value) => io.Say($"Task {id}: {value.State.ToString().ToLowerInvariant()}");
    }
}
