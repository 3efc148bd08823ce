using System.Text.Json;
using Apixo.Generated.Sandbox.Callbacks;
using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Sandbox.Faults;
using Apixo.Generated.Sandbox.Ledger;
using Apixo.Generated.Sandbox.Tasks;
using Apixo.Generated.Serialization;
using Microsoft.AspNetCore.Http;
using static Apixo.Generated.Sandbox.Endpoints.SandboxAnswers;

namespace Apixo.Generated.Sandbox.Endpoints;

/// <summary>
/// The submit operation: the raw body against the contract's schema, the markers, the plan's concurrency, the
/// balance, then a task.
/// </summary>
internal sealed class SubmitEndpoint(SandboxContract contract, SandboxOptions options, SandboxTaskStore tasks, SandboxLedger ledger, CallbackDelivery callbacks, TimeProvider clock, Func<Uri> baseUrl)
{
    public async Task HandleAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Envelope(context, ApixoErrorKind.BadRequest, "Invalid request", "the body is not valid JSON").ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var violations = Violations(document.RootElement);
            if (violations.Count > 0)
            {
                await Envelope(context, ApixoErrorKind.BadRequest, "Invalid request", string.Join("; ", violations), violations).ConfigureAwait(false);
                return;
            }

            var request = SandboxRequest.Read(document.RootElement, contract);
            var faults = SandboxFaults.Parse(request.Prompt, contract.TaskStates);
            await Slow(faults, context.RequestAborted).ConfigureAwait(false);
            if (faults.SubmitStatus is { } forced)
            {
                await Forced(context, forced, faults).ConfigureAwait(false);
                return;
            }

            // A tier the contract has but the generated tables lack (a newer contract than the build) has no price.
            if (!ResolutionValues.TryParse(request.Resolution, out var resolution))
            {
                await Envelope(context, 501, "Not implemented", $"the sandbox has no price or schedule for resolution '{request.Resolution}'").ConfigureAwait(false);
                return;
            }

            var key = SandboxAccess.Key(context);
            var now = clock.GetUtcNow();
            if (options.ConcurrentTasks is { } limit && tasks.Running(key, now) >= limit)
            {
                // The earliest a running task can end is unknown to the caller; APIXO's polling interval is a fair wait.
                RetryAfter(context, (int)GptImage2Polling.For(resolution).Interval.TotalSeconds);
                await Envelope(context, ApixoErrorKind.RateLimited, "Too many concurrent tasks").ConfigureAwait(false);
                return;
            }

            if (!ledger.TryCharge(GptImage2Pricing.PricePerImage(resolution)))
            {
                await Envelope(context, ApixoErrorKind.InsufficientBalance, "Insufficient balance").ConfigureAwait(false);
                return;
            }

            var id = SandboxTaskStore.NewId();
            var task = new SandboxTask(id, key, request, faults, now, Duration(id, resolution), baseUrl(), contract.TerminalStates);
            tasks.Add(task);
            if (request.IsCallback)
            {
                callbacks.Start(task);
            }

            if (faults.Drop)
            {
                context.Abort(); // accepted, but the answer never arrives
                return;
            }

            var body = new GenerateTaskResponse { Code = 200, Message = "success", Data = new SubmittedTask { TaskId = id } };
            await WriteJson(context, 200, JsonSerializer.Serialize(body, ApixoJsonContext.Default.GenerateTaskResponse)).ConfigureAwait(false);
        }
    }

    private IReadOnlyList<SchemaViolation> Violations(JsonElement body)
    {
        var violations = contract.SubmitSchema.Check(body);
        if (!options.AllowLoopbackCallbacks || contract.CallbackPointer is not { } pointer)
        {
            return violations;
        }

        // The one rule the sandbox bends, on request: a local receiver on plain http.
        var url = body.ValueKind == JsonValueKind.Object && body.TryGetProperty(pointer.TrimStart('/'), out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var loopback = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;
        return loopback ? violations.Where(v => !(v.Pointer == pointer && v.Rule == "pattern")).ToList() : violations;
    }

    private static TimeSpan Duration(string id, Resolution resolution)
    {
        var schedule = GptImage2Polling.For(resolution);
        var spread = (int)(schedule.TypicalMax - schedule.TypicalMin).TotalSeconds;
        return schedule.TypicalMin + TimeSpan.FromSeconds(SandboxImages.StableHash(id) % (uint)(spread + 1));
    }
}
