using System.CommandLine;
using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>
/// <c>apixo batch &lt;requests.jsonl&gt;</c>: every line checked through the generated builders before anything is sent,
/// the cost estimated from the contract's prices, then the lines run through <see cref="BatchRunner"/> with a journal
/// beside the images, so that <c>--resume</c> after a crash never pays twice.
/// </summary>
internal sealed class BatchCommand(Secrets secrets, CancellationToken cancellationToken) : ICliCommand
{
    /// <summary>The journal's name in <c>--out</c>.</summary>
    public const string JournalName = "apixo-batch.journal";

    public Command Create(SharedOptions shared, CliHost host)
    {
        var requests = new Argument<string?>("requests") { Description = "The requests: JSON Lines, one request per line in the contract's wire names (mode, prompt, resolution, …), each with an optional \"id\" (else its line number).", Arity = ArgumentArity.ZeroOrOne };
        var resume = new Option<string?>("--resume") { Description = $"Resume the batch of this journal ({JournalName} in the earlier --out): lines with a task id are never submitted again." };
        var maxCost = new Option<decimal?>("--max-cost") { Description = $"Refuse to start when the estimate is above this many {GptImage2Pricing.Currency}, and submit nothing that could take what may have been spent past it." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every line and print the plan and its cost; send nothing." };
        var concurrency = new Option<int?>("--concurrency") { Description = $"The most tasks in flight at once (default: the plan's concurrent tasks, else {BatchOptions.DefaultConcurrency}; halved on a 429, grown back after)." };
        var resubmitUnknown = new Option<bool>("--resubmit-unknown") { Description = "Submit again the lines whose earlier submit had no answer (they may have been billed once already)." };
        var resubmitRefused = new Option<bool>("--resubmit-refused") { Description = "Submit again the lines the server refused in an earlier run (after topping up the balance, fixing the key): a refusal created nothing." };
        var ratePlan = RatePlans.Option();
        var perMinute = new Option<int?>("--requests-per-minute") { Description = "Requests per minute for the whole batch, submits and status polls together (default: the plan's): a custom plan's figure, or less than the plan's to leave room for other use of the key." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Run the valid lines even when some are invalid (they are reported and left out)." };

        var command = new Command("batch", "Run many requests from a JSON Lines file within a budget, resumable after a crash without paying twice; images and results.jsonl in --out.");
        command.Add(requests);
        foreach (var option in new Option[] { resume, maxCost, dryRun, ratePlan, concurrency, perMinute, resubmitUnknown, resubmitRefused, skipInvalid, shared.Out, shared.Timeout }.Concat(shared.Connection).Concat(shared.Downloads.All))
        {
            command.Add(option);
        }

        command.SetAction((parse, token) => CommandRunner.RunAsync(parse, shared, host, secrets, async io =>
        {
            var file = parse.GetValue(requests);
            var journalPath = parse.GetValue(resume);
            if (file is null && journalPath is null)
            {
                throw new CliInputException("Give the requests file, or --resume with a journal.");
            }

            var options = new BatchOptions
            {
                Concurrency = parse.GetValue(concurrency),
                MaxCost = parse.GetValue(maxCost),
                ResubmitUnknown = parse.GetValue(resubmitUnknown),
                ResubmitRefused = parse.GetValue(resubmitRefused),
                Plan = RatePlans.Parse(parse.GetValue(ratePlan)),
                RequestsPerMinute = parse.GetValue(perMinute),
            };
            RatePlans.Check(options);

            // With --resume and no --out, the images go where the journal is: beside them.
            var outPath = journalPath is not null && parse.GetResult(shared.Out) is not { Implicit: false } ? Path.GetDirectoryName(Path.GetFullPath(journalPath))! : parse.GetValue(shared.Out)!;
            journalPath ??= Path.Combine(Path.GetFullPath(outPath), JournalName);
            var resuming = parse.GetValue(resume) is not null;
            if (!resuming && File.Exists(journalPath) && new FileInfo(journalPath).Length > 0)
            {
                throw new CliInputException($"{TerminalText.Escape(journalPath)} already holds a batch journal: resume it with --resume {TerminalText.ShellWord(journalPath)}, or choose another --out. Nothing was sent.");
            }

            if (resuming && !File.Exists(journalPath))
            {
                throw new CliInputException($"No journal at {TerminalText.Escape(journalPath)}.");
            }

            var dry = parse.GetValue(dryRun);
            // A new batch's lines are all checked before its journal (the file that makes it resumable) is created.
            var input = file is not null ? BatchInput.ReadFile(file) : null;
            if (input is not null)
            {
                Refuse(input, io, parse.GetValue(skipInvalid));
            }

            await using var journal = dry && !resuming ? (IBatchJournal)new EmptyJournal() : OpenJournal(journalPath, io);
            if (input is null)
            {
                input = BatchInput.FromJournal(await journal.ReadAllAsync(token).ConfigureAwait(false), journalPath);
                Refuse(input, io, parse.GetValue(skipInvalid));
            }

            var report = new BatchReport(io);
            var limits = shared.Downloads.Read(parse);
            options.Progress = new SyncProgress(report.Update);
            var plan = await BatchRunner.PlanAsync(input.Items, journal, options, token).ConfigureAwait(false);
            report.Plan(plan, input.Items, options.MaxCost);
            io.Say(RatePlans.Pace(options));
            if (options.MaxCost is { } max && plan.EstimatedCost > max)
            {
                throw new CliInputException($"The estimate {BatchReport.Money(plan.EstimatedCost)} is above --max-cost {BatchReport.Money(max)}. Nothing was sent.");
            }

            if (dry)
            {
                io.Say("Dry run: nothing was sent.");
                if (io.Json)
                {
                    io.Result(writer =>
                    {
                        writer.WriteNumber("lines", plan.Lines);
                        writer.WriteNumber("toSubmit", plan.ToSubmit);
                        writer.WriteNumber("toResume", plan.ToResume);
                        writer.WriteNumber("finished", plan.Finished);
                        writer.WriteNumber("unknown", plan.Unknown);
                        writer.WriteNumber("estimatedCost", plan.EstimatedCost);
                        writer.WriteNumber("mayHaveSpent", plan.MayHaveSpent);
                        writer.WriteBoolean("dryRun", true);
                    });
                }

                return ExitCodes.Success;
            }

            // Everything that can refuse the run has done so: the folder is checked, then the API opened.
            var folder = OutputFolder.Prepare(outPath);
            await using var target = await shared.OpenAsync(parse, host, io, token, withTimeout: true).ConfigureAwait(false);
            using var downloader = new ResultDownloader(limits, target.IsLocal);
            var runner = new BatchRunner(target.Client, journal, options, new BatchImageStore(downloader, folder, limits, io.Secrets), target.Clock);
            io.Say($"Journal: {TerminalText.Escape(journalPath)} (resume: apixo batch --resume {TerminalText.ShellWord(journalPath)})");
            await report.ConsumeAsync(runner.RunAsync(input.Items, token), token).ConfigureAwait(false);
            var results = BatchResultsFile.Write(folder, report.Outcomes, io.Secrets);
            var gallery = BatchGallery.Write(folder, input.Items, report.Outcomes, io.Secrets);
            report.Summary();
            io.Say($"Results: {TerminalText.Escape(results)}; gallery: {TerminalText.Escape(gallery)}");
            if (io.Json)
            {
                io.Result(writer =>
                {
                    writer.WriteString("journal", journalPath);
                    writer.WriteString("results", results);
                    writer.WriteString("gallery", gallery);
                    writer.WriteStartObject("outcomes");
                    foreach (var kind in Enum.GetValues<BatchOutcomeKind>())
                    {
                        writer.WriteNumber(BatchOutcomes.Name(kind), report.Outcomes.Count(o => o.Kind == kind));
                    }

                    writer.WriteEndObject();
                    writer.WriteNumber("cost", report.Outcomes.Sum(o => o.Cost));
                });
            }

            return ExitCodeOf(report.Outcomes);
        }, cancellationToken));
        return command;
    }

    private static void Refuse(BatchInput input, CliOutput io, bool skipInvalid)
    {
        foreach (var error in input.Errors)
        {
            io.Error.WriteLine(error.Line > 0 ? $"apixo: line {error.Line}: {TerminalText.Escape(error.Message, 1024)}" : $"apixo: {TerminalText.Escape(error.Message, 1024)}");
        }

        if (input.Errors.Count > 0 && (!skipInvalid || input.Items.Count == 0))
        {
            throw new CliInputException($"{input.Errors.Count} problem(s) in the requests{(input.Items.Count > 0 ? "; --skip-invalid runs the valid lines only" : string.Empty)}. Nothing was sent.");
        }
    }

    private static FileBatchJournal OpenJournal(string path, CliOutput io)
    {
        try
        {
            // Open creates the folder too, durably (each new name's folder flushed to disk).
            var journal = FileBatchJournal.Open(path);
            if (journal.DroppedBytes > 0)
            {
                io.Error.WriteLine($"apixo: warning: the journal's last record was cut short by a crash ({journal.DroppedBytes} bytes) and was dropped; its write never finished, so nothing had acted on it.");
            }

            return journal;
        }
        catch (InvalidDataException exception)
        {
            throw new CliInputException(exception.Message);
        }
        catch (IOException exception)
        {
            throw new CliInputException($"The journal {TerminalText.Escape(path)} cannot be opened (is another batch running on it?): {exception.Message}");
        }
    }

    // A paid result not saved matters most, then tasks still running, then lines that did not succeed.
    private static int ExitCodeOf(IReadOnlyList<BatchItemOutcome> outcomes) =>
        outcomes.Any(o => o.Kind == BatchOutcomeKind.NotSaved) ? ExitCodes.ResultNotSaved
        : outcomes.Any(o => o.Kind == BatchOutcomeKind.Pending) ? ExitCodes.DeadlinePassed
        : outcomes.All(o => o.Kind == BatchOutcomeKind.Succeeded) ? ExitCodes.Success
        : ExitCodes.TaskFailed;

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<BatchItemUpdate> report) : IProgress<BatchItemUpdate>
    {
        public void Report(BatchItemUpdate value) => report(value);
    }

    /// <summary>The journal of a dry run of a new batch: nothing in it, and nothing written.</summary>
    private sealed class EmptyJournal : IBatchJournal
    {
        public ValueTask<IReadOnlyList<BatchJournalRecord>> ReadAllAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<BatchJournalRecord>>([]);

        public ValueTask AppendAsync(BatchJournalRecord record, CancellationToken cancellationToken) => throw new InvalidOperationException("A dry run writes nothing.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
