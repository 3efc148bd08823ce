using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Sandbox.Contract;

/// <summary>What the sandbox reads from the OpenAPI contract: its operations, the submit body's schema, the callback field and the task states.</summary>
internal sealed class SandboxContract
{
    private const string EmbeddedName = "contract/gpt-image-2.yaml";

    private static readonly Lazy<SandboxContract> BuiltIn = new(() => Parse(ReadEmbedded()));

    private SandboxContract(string apiPrefix, IReadOnlyList<ContractOperation> operations, SubmitSchema submitSchema, string? callbackPointer, string statusQueryParameter, IReadOnlyList<string> taskStates, IReadOnlyList<string> terminalStates, string? defaultResolution, string? defaultAspectRatio, CallbackRules callbackRules)
    {
        CallbackRules = callbackRules;
        ApiPrefix = apiPrefix;
        Operations = operations;
        SubmitSchema = submitSchema;
        CallbackPointer = callbackPointer;
        StatusQueryParameter = statusQueryParameter;
        TaskStates = taskStates;
        TerminalStates = terminalStates;
        DefaultResolution = defaultResolution;
        DefaultAspectRatio = defaultAspectRatio;
    }

    /// <summary>The path of the first server URL (<c>/api/v1</c>), under which every operation is served.</summary>
    public string ApiPrefix { get; }

    public IReadOnlyList<ContractOperation> Operations { get; }

    /// <summary>The submit operation's request body schema, ready for a JSON Schema validator.</summary>
    public SubmitSchema SubmitSchema { get; }

    /// <summary>The JSON pointer into the submit body of the URL the callback goes to (from the callback's runtime expression).</summary>
    public string? CallbackPointer { get; }

    /// <summary>The required query parameter of the status operation that names the task.</summary>
    public string StatusQueryParameter { get; }

    /// <summary>The wire values of the status's <c>state</c> enum, in the contract's order.</summary>
    public IReadOnlyList<string> TaskStates { get; }

    /// <summary>The states after which a task never changes (x-apixo-terminal-states of this contract).</summary>
    public IReadOnlyList<string> TerminalStates { get; }

    /// <summary>How the callback is delivered (x-apixo-callback-delivery).</summary>
    public CallbackRules CallbackRules { get; }

    public string? DefaultResolution { get; }

    public string? DefaultAspectRatio { get; }

    /// <summary>The contract the sandbox was built with, or <paramref name="yaml"/> when given.</summary>
    public static SandboxContract Load(string? yaml) => yaml is null ? BuiltIn.Value : Parse(yaml);

    private static SandboxContract Parse(string yaml)
    {
        var root = YamlTree.Load(yaml);
        var schemas = root.Map("components").Map("schemas");
        var operations = ReadOperations(root).ToList();
        var submit = operations.SingleOrDefault(o => o.Role == OperationRole.Submit)
            ?? throw new InvalidOperationException("The contract has no operation with x-apixo-role: submit.");
        var status = operations.SingleOrDefault(o => o.Role == OperationRole.Status)
            ?? throw new InvalidOperationException("The contract has no operation with x-apixo-role: status.");
        var bodySchema = submit.Node.Map("requestBody").Map("content").Map("application/json").Child("schema")
            ?? throw new InvalidOperationException($"The operation {submit.Method} {submit.Path} has no JSON request body schema.");

        var callback = submit.Node.Map("callbacks").Entries().SelectMany(c => c.Value.Entries()).FirstOrDefault();
        var delivery = callback.Value.Entries().Select(e => e.Value.Map("x-apixo-callback-delivery")).FirstOrDefault(d => d is not null);
        var statusParameter = status.Node.Child("parameters").Items().FirstOrDefault(p => p.Text("in") == "query" && p.Text("required") == "true").Text("name")
            ?? throw new InvalidOperationException($"The operation {status.Method} {status.Path} has no required query parameter.");
        var stateSchema = SchemaOf(schemas, schemas.Map(nameof(TaskStatusData)).Map("properties").Child(WireName.Of<TaskStatusData>(nameof(TaskStatusData.State))));
        var server = root.Child("servers").Items().FirstOrDefault().Text("url");

        return new SandboxContract(
            server is null ? string.Empty : new Uri(new Uri("http://server/"), server).AbsolutePath.TrimEnd('/'),
            operations,
            new SubmitSchema(new OpenApiSchemaConverter(schemas).Document(bodySchema)),
            CallbackBodyPointer(callback.Key),
            statusParameter,
            stateSchema.Child("enum").Items().Select(v => ((YamlScalarNode)v).Value ?? string.Empty).ToList(),
            stateSchema.Child("x-apixo-terminal-states").Items().Select(v => ((YamlScalarNode)v).Value ?? string.Empty).ToList(),
            schemas.Map(nameof(Resolution)).Text("default"),
            schemas.Map(nameof(AspectRatio)).Text("default"),
            new CallbackRules(Seconds(delivery, "timeout-seconds"), Seconds(delivery, "first-retry-after-seconds"), int.Parse(delivery.Text("max-retries") ?? "0", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static IEnumerable<ContractOperation> ReadOperations(YamlMappingNode root)
    {
        foreach (var (path, item) in root.Map("paths").Entries())
        {
            foreach (var (method, operation) in item.Entries())
            {
                if (operation is YamlMappingNode && method is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
                {
                    yield return new ContractOperation(method.ToUpperInvariant(), path, operation.Text("operationId") ?? path, RoleOf(operation), operation);
                }
            }
        }
    }

    // An operation's role is its x-apixo-role, as the generator reads it: never its id, path or order.
    private static OperationRole RoleOf(YamlNode operation) => operation.Text("x-apixo-role") switch
    {
        "submit" => OperationRole.Submit,
        "status" => OperationRole.Status,
        "balance" => OperationRole.Balance,
        _ => OperationRole.NotModelled,
    };

    private static YamlNode SchemaOf(YamlMappingNode? schemas, YamlNode? schema)
    {
        var reference = schema.Text("$ref") ?? schema.Child("allOf").Items().Select(i => i.Text("$ref")).FirstOrDefault(r => r is not null);
        return reference is null
            ? schema ?? throw new InvalidOperationException("A schema the sandbox needs is missing from the contract.")
            : schemas.Child(reference[OpenApiSchemaConverter.ComponentPrefix.Length..]) ?? throw new InvalidOperationException($"The contract has no schema for '{reference}'.");
    }

    private static TimeSpan Seconds(YamlNode? node, string key) =>
        TimeSpan.FromSeconds(double.Parse(node.Text(key) ?? "0", System.Globalization.CultureInfo.InvariantCulture));

    // '{$request.body#/callback_url}' -> '/callback_url'
    private static string? CallbackBodyPointer(string? expression)
    {
        const string BodyPrefix = "{$request.body#";
        return expression is not null && expression.StartsWith(BodyPrefix, StringComparison.Ordinal) && expression.EndsWith('}')
            ? expression[BodyPrefix.Length..^1]
            : null;
    }

    private static string ReadEmbedded()
    {
        using var stream = typeof(SandboxContract).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"'{EmbeddedName}' is not embedded in {typeof(SandboxContract).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>The contract's callback delivery: how long a receiver has, when the first retry comes (later ones double), how many retries.</summary>
internal sealed record CallbackRules(TimeSpan Timeout, TimeSpan FirstRetryAfter, int MaxRetries);

/// <summary>What the sandbox does for an operation.</summary>
internal enum OperationRole
{
    NotModelled,
    Submit,
    Status,
    Balance,
}

/// <summary>One operation of the contract: its method, path (under the API prefix) and role.</summary>
internal sealed record ContractOperation(string Method, string Path, string OperationId, OperationRole Role, YamlNode Node);
