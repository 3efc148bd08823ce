using Apixo.Generated.Generator.Tests.TestSupport;
using static Apixo.Generated.Generator.Tests.TestSupport.ContractYaml;

namespace Apixo.Generated.Tests.Cli;

public sealed partial class ContractReviewTests
{
    private const string Status = "/statusTask/gpt-image-2";
    private const string Balance = "/apikeys/current-balance";
    private const string Submit = "/generateTask/gpt-image-2";

    private static string[] SchemaKey(params string[] path) => ["components", "schemas", .. path];

    private const string CallbackBody = $"POST {Submit} callback `taskCompleted` (POST {{$request.body#/callback_url}}) body";

    private static readonly string[] CallbackContent = ["paths", Submit, "post", "callbacks", "taskCompleted", "{$request.body#/callback_url}", "post", "requestBody", "content", "application/json"];

    /// <summary>An optional request number with bounds, for the rules about numbers (today's contract has none).</summary>
    private static void WithStrength(ContractYaml yaml) =>
        Add(At(yaml.Schema("GenerationInput"), "properties"), "strength", "{ type: number, minimum: 0, maximum: 1 }");

    /// <summary>One contract pair per rule, by name.</summary>
    internal static readonly Dictionary<string, Pair> Pairs = new(StringComparer.Ordinal)
    {
        ["nothing changed"] = new(null, "none", []),
        ["a comment (text, appended)"] = new(null, "none", [], Appended: "\n# a note at the end\n"),
        ["whitespace (text, appended)"] = new(null, "none", [], Appended: "\n\n   \n"),
        ["a description"] = new(
            yaml => Set(At(yaml.Schema("TaskStatusData"), "properties", "failMsg"), "description", "What went wrong."),
            "patch", [Cosmetic("TaskStatusData.failMsg", "description changed", SchemaKey("TaskStatusData", "properties", "failMsg", "description"))]),
        ["the security scheme's description"] = new(
            yaml => Set(At(yaml.Root, "components", "securitySchemes", "bearerAuth"), "description", "A bearer key."),
            "patch", [Cosmetic("bearerAuth", "description changed", "components", "securitySchemes", "bearerAuth", "description")]),
        ["info.version (no rule reads it)"] = new(
            yaml => Set(At(yaml.Root, "info"), "version", "1.1.0"),
            "patch", [Cosmetic("info/version", "`version` changed (no rule classifies it", "info", "version")]),
        ["a root extension added (no rule reads it)"] = new(
            yaml => Add(yaml.Root, "x-apixo-sunset", "2027-01-01"),
            "patch", [Cosmetic("x-apixo-sunset", "`x-apixo-sunset` added (no rule classifies it", "x-apixo-sunset")]),
        ["an error example edited"] = new(
            yaml => Set(At(yaml.Root, "components", "responses", "TooManyRequests", "content", "application/json", "example"), "message", "Slow down"),
            "patch", [Cosmetic("TooManyRequests content/application/json", "example changed", "components", "responses", "TooManyRequests", "content", "application/json", "example")]),
        ["a named request example edited"] = new(
            yaml => Set(At(yaml.Operation(Submit, "post"), "requestBody", "content", "application/json", "examples", "textToImage", "value", "input"), "prompt", "A lighthouse at dusk"),
            "patch", [Cosmetic($"POST {Submit} requestBody/content/application/json", "example `textToImage` changed", "paths", Submit, "post", "requestBody", "content", "application/json", "examples", "textToImage")]),
        ["a reusable header's description"] = new(
            yaml => Set(At(yaml.Root, "components", "headers", "RetryAfter"), "description", "Seconds to wait."),
            "patch", [Cosmetic("RetryAfter", "description changed", "components", "headers", "RetryAfter", "description")]),
        ["a response header documented"] = new(
            yaml => Add(At(yaml.Operation(Balance, "get"), "responses", "200"), "headers", "{ Retry-After: { $ref: '#/components/headers/RetryAfter' } }"),
            "minor", [Additive($"GET {Balance} 200", "response header `Retry-After` documented", "paths", Balance, "get", "responses", "200", "headers", "Retry-After")]),
        ["a response header no longer documented"] = new(
            yaml => Remove(At(yaml.Root, "components", "responses", "TooManyRequests"), "headers"),
            "patch", [Gone(Cosmetic("TooManyRequests", "response header `Retry-After` no longer documented", "components", "responses", "TooManyRequests", "headers", "Retry-After"))]),
        ["an operation removed"] = new(
            yaml => Remove(At(yaml.Root, "paths"), Balance),
            "major",
            [
                Gone(Breaking($"GET {Balance}", "operation removed: its generated method `GetBalanceAsync` is gone", "paths", Balance)),
                Breaking("(generator)", "APX006: No operation has x-apixo-role: balance", "paths", Submit),
            ]),
        ["an operation moved (same operationId)"] = new(
            yaml =>
            {
                var item = At(yaml.Root, "paths", Balance);
                Remove(At(yaml.Root, "paths"), Balance);
                Add(At(yaml.Root, "paths"), "/apikeys/balance", item);
            },
            "major", [Breaking($"GET {Balance}", "moved to GET /apikeys/balance (`GetBalanceAsync` keeps its name", "paths", "/apikeys/balance")]),
        ["an operation added"] = new(
            yaml => Add(At(yaml.Root, "paths"), "/apikeys/usage", "{ get: { operationId: GetUsage, responses: { '200': { description: Usage. } } } }"),
            "minor", [Additive("GET /apikeys/usage", "operation added: method `GetUsageAsync`", "paths", "/apikeys/usage")]),
        ["an operationId renamed"] = new(
            yaml => Set(yaml.Operation(Status, "get"), "operationId", "FetchTaskStatus"),
            "major", [Breaking($"GET {Status}", "operationId `GetTaskStatus` → `FetchTaskStatus`: the generated method `GetTaskStatusAsync` is renamed `FetchTaskStatusAsync`", "paths", Status, "get", "operationId")]),
        ["an optional query parameter added"] = new(
            yaml => Sequence(yaml.Operation(Status, "get"), "parameters").Children.Add(Parse("{ name: verbose, in: query, schema: { type: boolean } }")),
            "major", [Breaking($"GET {Status} query:verbose", "optional parameter added: `GetTaskStatusAsync` gains a positional parameter `verbose` with no default", "paths", Status, "get", "parameters", "1")]),
        ["a required query parameter added"] = new(
            yaml => Sequence(yaml.Operation(Status, "get"), "parameters").Children.Insert(0, Parse("{ name: verbose, in: query, required: true, schema: { type: boolean } }")),
            "major", [Breaking($"GET {Status} query:verbose", "required parameter added: `GetTaskStatusAsync` gains a positional parameter `verbose`", "paths", Status, "get", "parameters", "0")]),
        ["a query parameter removed"] = new(
            yaml => Sequence(yaml.Operation(Status, "get"), "parameters").Children.RemoveAt(0),
            "major", [Gone(Breaking($"GET {Status} query:taskId", "parameter removed: `GetTaskStatusAsync` loses its parameter `taskId`", "paths", Status, "get", "parameters", "0"))]),
        ["a query parameter narrowed"] = new(
            yaml => Set(At(yaml.Operation(Status, "get"), "parameters", "0", "schema"), "minLength", "10"),
            "major", [Breaking($"GET {Status} query:taskId", "minLength 1 → 10 (narrower)", "paths", Status, "get", "parameters", "0", "schema", "minLength")]),
        ["a query parameter's schema swapped for an identical $ref"] = new(
            yaml =>
            {
                Add(At(yaml.Root, "components", "schemas"), "TaskId", "{ type: string, minLength: 1 }");
                At(yaml.Operation(Status, "get"), "parameters", "0").Children[new YamlDotNet.RepresentationModel.YamlScalarNode("schema")] = Parse("{ $ref: '#/components/schemas/TaskId' }");
            },
            "patch",
            [
                Cosmetic($"GET {Status} query:taskId", "an inline schema replaced by the identical `$ref TaskId`: the wire and the generated type are the same", "paths", Status, "get", "parameters", "0", "schema", "$ref"),
                Cosmetic("TaskId", "schema added (a plain value: no generated type)", SchemaKey("TaskId")),
            ]),
        ["a request limit narrowed"] = new(
            yaml => Set(At(yaml.Schema("GenerationInput"), "properties", "prompt"), "maxLength", "10000"),
            "major", [Breaking("GenerationInput.prompt", "maxLength 20000 → 10000 (narrower)", SchemaKey("GenerationInput", "properties", "prompt", "maxLength"))]),
        ["a request limit widened"] = new(
            yaml => Set(At(yaml.Schema("GenerationInput"), "properties", "prompt"), "maxLength", "30000"),
            "minor", [Additive("GenerationInput.prompt", "maxLength 20000 → 30000 (wider)", SchemaKey("GenerationInput", "properties", "prompt", "maxLength"))]),
        ["a request count narrowed"] = new(
            yaml => Set(At(yaml.Schema("ImageToImageInput"), "allOf", "1", "properties", "image_urls"), "minItems", "2"),
            "major", [Breaking("ImageToImageInput.image_urls", "minItems 1 → 2 (narrower)", SchemaKey("ImageToImageInput", "allOf", "1", "properties", "image_urls", "minItems"))]),
        ["a request array made unique (uniqueItems added)"] = new(
            yaml => Add(At(yaml.Schema("ImageToImageInput"), "allOf", "1", "properties", "image_urls"), "uniqueItems", "true"),
            "major", [Breaking("ImageToImageInput.image_urls", "uniqueItems (none) → true (narrower)", SchemaKey("ImageToImageInput", "allOf", "1", "properties", "image_urls", "uniqueItems"))]),
        ["a request number given a step (multipleOf added)"] = new(
            yaml => Add(At(yaml.Schema("GenerationInput"), "properties", "strength"), "multipleOf", "0.05"),
            "major", [Breaking("GenerationInput.strength", "multipleOf (none) → 0.05 (narrower)", SchemaKey("GenerationInput", "properties", "strength", "multipleOf"))],
            Base: WithStrength),
        ["a request number's step refined (multipleOf 0.1 → 0.05, a divisor)"] = new(
            yaml => Set(At(yaml.Schema("GenerationInput"), "properties", "strength"), "multipleOf", "0.05"),
            "minor", [Additive("GenerationInput.strength", "multipleOf 0.1 → 0.05 (wider)", SchemaKey("GenerationInput", "properties", "strength", "multipleOf"))],
            Base: yaml => { WithStrength(yaml); Add(At(yaml.Schema("GenerationInput"), "properties", "strength"), "multipleOf", "0.1"); }),
        ["a request number's step changed (multipleOf 0.1 → 0.25, neither)"] = new(
            yaml => Set(At(yaml.Schema("GenerationInput"), "properties", "strength"), "multipleOf", "0.25"),
            "major", [Breaking("GenerationInput.strength", "multipleOf 0.1 → 0.25 (narrower)", SchemaKey("GenerationInput", "properties", "strength", "multipleOf"))],
            Base: yaml => { WithStrength(yaml); Add(At(yaml.Schema("GenerationInput"), "properties", "strength"), "multipleOf", "0.1"); }),
        ["a request bound made exclusive (exclusiveMaximum added)"] = new(
            yaml => Add(At(yaml.Schema("GenerationInput"), "properties", "strength"), "exclusiveMaximum", "true"),
            "major", [Breaking("GenerationInput.strength", "exclusiveMaximum (none) → true (narrower)", SchemaKey("GenerationInput", "properties", "strength", "exclusiveMaximum"))],
            Base: WithStrength),
        ["a request bound made inclusive (exclusiveMinimum removed)"] = new(
            yaml => Remove(At(yaml.Schema("GenerationInput"), "properties", "strength"), "exclusiveMinimum"),
            "minor", [Gone(Additive("GenerationInput.strength", "exclusiveMinimum true → (none) (wider)", SchemaKey("GenerationInput", "properties", "strength", "exclusiveMinimum")))],
            Base: yaml => { WithStrength(yaml); Add(At(yaml.Schema("GenerationInput"), "properties", "strength"), "exclusiveMinimum", "true"); }),
        ["a response number given a step (not checked)"] = new(
            yaml => Add(At(yaml.Schema("TaskStatusData"), "properties", "createTime"), "multipleOf", "1000"),
            "patch", [Cosmetic("TaskStatusData.createTime", "multipleOf (none) → 1000 (narrower) (responses' limits are not checked)", SchemaKey("TaskStatusData", "properties", "createTime", "multipleOf"))]),
        ["the callback's body swapped for an identical inline schema"] = new(
            yaml => At(yaml.Operation(Submit, "post"), "callbacks", "taskCompleted", "{$request.body#/callback_url}", "post", "requestBody", "content", "application/json")
                .Children[new YamlDotNet.RepresentationModel.YamlScalarNode("schema")] = Clone(yaml.Schema("TaskStatusResponse")),
            "patch", [Cosmetic(CallbackBody, "`$ref TaskStatusResponse` replaced by an identical inline schema: the same JSON (no type is generated from it)", [.. CallbackContent, "schema"])]),
        ["the callback's body swapped for another schema"] = new(
            yaml => Set(At(yaml.Operation(Submit, "post"), "callbacks", "taskCompleted", "{$request.body#/callback_url}", "post", "requestBody", "content", "application/json", "schema"), "$ref", "#/components/schemas/ErrorResponse"),
            "major", [Breaking(CallbackBody, "schema `$ref TaskStatusResponse` → `$ref ErrorResponse`, which reads and writes other JSON", [.. CallbackContent, "schema", "$ref"])]),
        ["a callback no longer documented"] = new(
            yaml => Remove(yaml.Operation(Submit, "post"), "callbacks"),
            "major",
            [
                Gone(Breaking($"POST {Submit}", "callback `taskCompleted` (POST {$request.body#/callback_url}) no longer documented", "paths", Submit, "post", "callbacks", "taskCompleted", "{$request.body#/callback_url}", "post")),
                Breaking("(generator)", "APX006: The submit's callback needs exactly one x-apixo-callback-delivery", "paths", Submit, "post", "operationId"),
            ]),
        ["a request pattern changed (one the builders cannot enforce: the generator says so)"] = new(
            yaml => Set(At(yaml.Schema("GenerateTaskRequest"), "properties", "callback_url"), "pattern", "^https://[a-z]"),
            "major",
            [
                Breaking("GenerateTaskRequest.callback_url", "pattern '^https://' → '^https://[a-z]'", SchemaKey("GenerateTaskRequest", "properties", "callback_url", "pattern")),
                Breaking("(generator)", "APX004: callback_url: pattern '^https://[a-z]' cannot be enforced", SchemaKey("GenerateTaskRequest", "properties", "callback_url", "pattern")),
            ]),
        ["a request default changed"] = new(
            yaml => Set(yaml.Schema("Resolution"), "default", "2k"),
            "major", [Breaking("Resolution", "default 1k → 2k: every call that leaves it unset now gets the new value", SchemaKey("Resolution", "default"))]),
        ["a request enum value removed (with its price and schedule)"] = new(
            yaml =>
            {
                var resolution = yaml.Schema("Resolution");
                Sequence(resolution, "enum").Children.RemoveAt(2);
                Sequence(resolution, "x-enumNames").Children.RemoveAt(2);
                Remove(At(resolution, "x-apixo-pricing", "prices"), "4k");
                Remove(At(resolution, "x-apixo-polling"), "4k");
            },
            "major",
            [
                Breaking("Resolution", "enum value '4k' removed", SchemaKey("Resolution", "enum")),
                Gone(Additive("x-apixo-pricing", "`4k` price 0.04 USD removed", SchemaKey("Resolution", "x-apixo-pricing", "prices", "4k"))),
                Gone(Additive("x-apixo-polling", "`4k` schedule removed", SchemaKey("Resolution", "x-apixo-polling", "4k"))),
            ]),
        ["a request enum value added (with its price and schedule)"] = new(
            yaml =>
            {
                var resolution = yaml.Schema("Resolution");
                Sequence(resolution, "enum").Children.Add(Parse("8k"));
                Sequence(resolution, "x-enumNames").Children.Add(Parse("Res8K"));
                Add(At(resolution, "x-apixo-pricing", "prices"), "8k", "0.08");
                Add(At(resolution, "x-apixo-polling"), "8k", "{ first-poll-seconds: 240, interval-seconds: 10, typical-seconds: [240, 480] }");
            },
            "minor",
            [
                Additive("Resolution", "enum value '8k' added", SchemaKey("Resolution", "enum")),
                Additive("x-apixo-pricing", "`8k` price 0.08 USD added", SchemaKey("Resolution", "x-apixo-pricing", "prices", "8k")),
                Additive("x-apixo-polling", "`8k` schedule added: first poll 240 s, then every 10 s", SchemaKey("Resolution", "x-apixo-polling", "8k")),
            ]),
        ["a response enum value added (TaskState is an open set)"] = new(
            yaml =>
            {
                Sequence(yaml.Schema("TaskState"), "enum").Children.Add(Parse("cancelled"));
                Sequence(yaml.Schema("TaskState"), "x-enumNames").Children.Add(Parse("Cancelled"));
            },
            "minor", [Additive("TaskState", "enum value 'cancelled' added (an open set: today's client keeps it as an unknown value)", SchemaKey("TaskState", "enum"))]),
        ["a response enum value removed"] = new(
            yaml =>
            {
                Sequence(yaml.Schema("TaskState"), "enum").Children.RemoveAt(1);
                Sequence(yaml.Schema("TaskState"), "x-enumNames").Children.RemoveAt(1);
            },
            "major", [Breaking("TaskState", "enum value 'processing' removed (responses still read; the C# member is gone)", SchemaKey("TaskState", "enum"))]),
        ["a response enum no longer open"] = new(
            yaml => Remove(yaml.Schema("TaskState"), "x-apixo-extensible"),
            "major", [Gone(Breaking("TaskState", "is no longer open (x-apixo-extensible): its generated type changes from a struct to an enum", SchemaKey("TaskState", "x-apixo-extensible")))]),
        ["terminal states changed"] = new(
            yaml => Sequence(yaml.Schema("TaskState"), "x-apixo-terminal-states").Children.Add(Parse("processing")),
            "minor", [Additive("TaskState", "terminal states [success, failed] → [success, failed, processing]: waiting ends on other states", SchemaKey("TaskState", "x-apixo-terminal-states"))]),
        ["an x-enumNames entry renamed"] = new(
            yaml => SetItem(Sequence(yaml.Schema("AspectRatio"), "x-enumNames"), 4, "Widescreen"),
            "major", [Breaking("AspectRatio", "member `AspectRatio.Ratio16x9` renamed `AspectRatio.Widescreen` (x-enumNames; the wire value '16:9' is the same)", SchemaKey("AspectRatio", "x-enumNames", "4"))]),
        ["a required request field added"] = new(
            yaml =>
            {
                var part = At(yaml.Schema("ImageToImageInput"), "allOf", "1");
                Sequence(part, "required").Children.Add(Parse("seed"));
                Add(At(part, "properties"), "seed", "{ type: integer }");
            },
            "major", [Breaking("ImageToImageInput.seed", "required field added", SchemaKey("ImageToImageInput", "allOf", "1", "properties", "seed"))]),
        ["an optional request field added"] = new(
            yaml => Add(At(yaml.Schema("GenerationInput"), "properties"), "seed", "{ type: integer }"),
            "minor", [Additive("GenerationInput.seed", "optional field added", SchemaKey("GenerationInput", "properties", "seed"))]),
        ["a response field removed"] = new(
            yaml => Remove(At(yaml.Schema("TaskStatusData"), "properties"), "failMsg"),
            "major", [Gone(Breaking("TaskStatusData.failMsg", "field removed: its generated property is gone", SchemaKey("TaskStatusData", "properties", "failMsg")))]),
        ["a response field added"] = new(
            yaml => Add(At(yaml.Schema("TaskStatusData"), "properties"), "seed", "{ type: integer }"),
            "minor", [Additive("TaskStatusData.seed", "optional field added", SchemaKey("TaskStatusData", "properties", "seed"))]),
        ["a response field no longer required"] = new(
            yaml => Sequence(yaml.Schema("TaskStatusData"), "required").Children.RemoveAt(1),
            "major", [Breaking("TaskStatusData.state", "field no longer required: today's client requires it in every response", SchemaKey("TaskStatusData", "required"))]),
        ["a response field became required"] = new(
            yaml => Sequence(yaml.Schema("TaskStatusData"), "required").Children.Add(Parse("costTime")),
            "major", [Breaking("TaskStatusData.costTime", "field became required (the DTO's member becomes `required`)", SchemaKey("TaskStatusData", "required"))]),
        ["a schema behind resultJson losing a required field"] = new(
            yaml => Remove(yaml.Schema("TaskResult"), "required"),
            "major", [Breaking("TaskResult.resultUrls", "field no longer required", SchemaKey("TaskResult", "properties", "resultUrls"))]),
        ["a type and format changed (one change)"] = new(
            yaml =>
            {
                var createTime = At(yaml.Schema("TaskStatusData"), "properties", "createTime");
                Set(createTime, "type", "string");
                Set(createTime, "format", "date-time");
            },
            "major", [Breaking("TaskStatusData.createTime", "type integer (int64) → string (date-time)", SchemaKey("TaskStatusData", "properties", "createTime", "type"))]),
        ["nullable added to an optional response field"] = new(
            yaml => Add(At(yaml.Schema("TaskStatusData"), "properties", "failMsg"), "nullable", "true"),
            "patch", [Cosmetic("TaskStatusData.failMsg", "`nullable: true` added on an optional response field: its generated property is nullable already, the code is the same", SchemaKey("TaskStatusData", "properties", "failMsg", "nullable"))]),
        ["nullable added to a schema with no type"] = new(
            yaml => Add(At(yaml.Schema("ErrorResponse"), "properties", "data"), "nullable", "true"),
            "patch", [Cosmetic("ErrorResponse.data", "`nullable: true` added on a schema with no `type`: OpenAPI 3.0.3 gives it no meaning there", SchemaKey("ErrorResponse", "properties", "data", "nullable"))]),
        ["nullable added to a required response field"] = new(
            yaml => Add(At(yaml.Schema("TaskStatusData"), "properties", "taskId"), "nullable", "true"),
            "major", [Breaking("TaskStatusData.taskId", "`nullable: true` added: the generated member's nullability changes", SchemaKey("TaskStatusData", "properties", "taskId", "nullable"))]),
        ["a response $ref swapped for an identical inline schema"] = new(
            yaml => At(yaml.Operation(Balance, "get"), "responses", "200", "content", "application/json").Children[new YamlDotNet.RepresentationModel.YamlScalarNode("schema")] = Clone(yaml.Schema("BalanceResponse")),
            "major", [Breaking($"GET {Balance} 200", "`$ref BalanceResponse` replaced by an identical inline schema: the wire is the same; the breaking part is the method's return type, `BalanceResponse` → an inline type NSwag names itself", "paths", Balance, "get", "responses", "200", "content", "application/json", "schema")]),
        ["a field's $ref swapped for an identical inline enum (one line, not one per value)"] = new(
            yaml => At(yaml.Schema("TaskStatusData"), "properties").Children[new YamlDotNet.RepresentationModel.YamlScalarNode("state")] = Clone(yaml.Schema("TaskState")),
            "major", [Breaking("TaskStatusData.state", "`$ref TaskState` replaced by an identical inline schema: the wire is the same; the breaking part is the member's type, `TaskState` → an inline type NSwag names itself", SchemaKey("TaskStatusData", "properties", "state"))]),
        ["the request body's schema swapped"] = new(
            yaml => Set(At(yaml.Operation(Submit, "post"), "requestBody", "content", "application/json", "schema"), "$ref", "#/components/schemas/GenerationInput"),
            "major",
            [
                Breaking($"POST {Submit} request body", "schema `$ref GenerateTaskRequest` → `$ref GenerationInput`, which reads and writes other JSON", "paths", Submit, "post", "requestBody", "content", "application/json", "schema", "$ref"),
                Breaking("(generator)", "APX006: Schema 'GenerationInput' must have the properties request_type, callback_url and input.", SchemaKey("GenerationInput", "type")),
            ]),
        ["a server changed"] = new(
            yaml => Set(At(yaml.Root, "servers", "0"), "url", "https://api.apixo.ai/api/v2"),
            "major", [Breaking("servers", "the server address changed", "servers")]),
        ["a fail code added"] = new(
            yaml => Sequence(yaml.Schema("FailCode"), "x-apixo-fail-codes").Children.Add(Parse("{ code: QUOTA, name: Quota, meaning: m, advice: a, retry: fix-account }")),
            "minor", [Additive("x-apixo-fail-codes", "fail code 'QUOTA' documented: `FailCode.Quota`", SchemaKey("FailCode", "x-apixo-fail-codes", "6"))]),
        ["a fail code removed"] = new(
            yaml => Sequence(yaml.Schema("FailCode"), "x-apixo-fail-codes").Children.RemoveAt(5),
            "major", [Gone(Breaking("x-apixo-fail-codes", "fail code 'TIMEOUT' no longer documented: it still reads, but `FailCode.Timeout` is gone", SchemaKey("FailCode", "x-apixo-fail-codes", "5")))]),
        ["a fail code's name renamed"] = new(
            yaml => Set(At(yaml.Schema("FailCode"), "x-apixo-fail-codes", "5"), "name", "TimedOut"),
            "major", [Breaking("fail code 'TIMEOUT'", "member `FailCode.Timeout` renamed `FailCode.TimedOut` (its `name`)", SchemaKey("FailCode", "x-apixo-fail-codes", "5", "name"))]),
        ["a fail code's retry class changed"] = new(
            yaml => Set(At(yaml.Schema("FailCode"), "x-apixo-fail-codes", "4"), "retry", "change-input"),
            "minor", [Additive("fail code 'UPSTREAM_ERROR'", "retry class Transient → ChangeInput", SchemaKey("FailCode", "x-apixo-fail-codes", "4", "retry"))]),
        ["an error kind renamed"] = new(
            yaml => Set(At(yaml.Root, "components", "responses", "TooManyRequests", "x-apixo-error"), "kind", "Throttled"),
            "major", [Breaking("HTTP 429", "member `ApixoErrorKind.RateLimited` renamed `ApixoErrorKind.Throttled`", "components", "responses", "TooManyRequests", "x-apixo-error", "kind")]),
        ["an error's nothing-created flipped"] = new(
            yaml => Set(At(yaml.Root, "components", "responses", "InternalServerError", "x-apixo-error"), "nothing-created", "true"),
            "minor", [Additive("HTTP 500", "nothing-created no → yes: a submit answered 500 is known to have created no task, so a submit answered so is now repeated", "components", "responses", "InternalServerError", "x-apixo-error", "nothing-created")]),
        ["an error no longer retryable"] = new(
            yaml => Set(At(yaml.Root, "components", "responses", "BadGateway", "x-apixo-error"), "retryable", "false"),
            "minor", [Additive("HTTP 502", "retryable yes → no: the client no longer repeats a call answered 502", "components", "responses", "BadGateway", "x-apixo-error", "retryable")]),
        ["a price changed"] = new(
            yaml => Set(At(yaml.Schema("Resolution"), "x-apixo-pricing", "prices"), "2k", "0.035"),
            "minor", [Additive("x-apixo-pricing", "`2k` price 0.03 → 0.035 USD", SchemaKey("Resolution", "x-apixo-pricing", "prices", "2k"))]),
        ["a first poll changed"] = new(
            yaml => Set(At(yaml.Schema("Resolution"), "x-apixo-polling", "2k"), "first-poll-seconds", "45"),
            "minor", [Additive("x-apixo-polling", "`2k` first poll 60 s → 45 s", SchemaKey("Resolution", "x-apixo-polling", "2k", "first-poll-seconds"))]),
        ["the result URLs' lifetime changed"] = new(
            yaml => Set(yaml.Schema("TaskResult"), "x-apixo-result-ttl-hours", "12"),
            "minor", [Additive("x-apixo-result-ttl-hours", "result URLs live 24 h → 12 h", SchemaKey("TaskResult", "x-apixo-result-ttl-hours"))]),
        ["callback delivery retries changed"] = new(
            yaml => Set(Holding(yaml.Root, "x-apixo-callback-delivery").Children.Values.OfType<YamlDotNet.RepresentationModel.YamlMappingNode>().Single(m => m.Children.ContainsKey(new YamlDotNet.RepresentationModel.YamlScalarNode("max-retries"))), "max-retries", "5"),
            "minor", [Additive("x-apixo-callback-delivery", "max retries 3 → 5: the receiver's shortest retry span", "paths", Submit, "post", "callbacks", "taskCompleted", "{$request.body#/callback_url}", "post", "x-apixo-callback-delivery", "max-retries")]),
        ["a mode added"] = new(
            yaml =>
            {
                Add(At(yaml.Root, "components", "schemas"), "InpaintingInput", "{ description: Paint inside a mask., x-apixo-closed: true, allOf: [ { $ref: '#/components/schemas/GenerationInput' }, { type: object, required: [mask_url], properties: { mask_url: { type: string, format: uri, pattern: '^https?://' } } } ] }");
                Add(At(yaml.Schema("GenerationInput"), "discriminator", "mapping"), "inpainting", "'#/components/schemas/InpaintingInput'");
                Sequence(yaml.Schema("GenerationInput"), "x-apixo-modes").Children.Add(Parse("{ mode: inpainting, schema: InpaintingInput }"));
            },
            "minor", [Additive("mode `inpainting`", "mode `inpainting` added: builder `GptImage2.Inpainting(…)`", SchemaKey("GenerationInput", "x-apixo-modes", "2"))]),
        ["a mode removed"] = new(
            yaml =>
            {
                Remove(At(yaml.Root, "components", "schemas"), "ImageToImageInput");
                Remove(At(yaml.Schema("GenerationInput"), "discriminator", "mapping"), "image-to-image");
                Sequence(yaml.Schema("GenerationInput"), "x-apixo-modes").Children.RemoveAt(1);
            },
            "major", [Gone(Breaking("mode `image-to-image`", "mode `image-to-image` removed: builder `GptImage2.ImageToImage(…)` and its type ImageToImageRequestBuilder are gone", SchemaKey("GenerationInput", "x-apixo-modes", "1")))]),
    };
}
