namespace Apixo.Generated.Contract.Model;

// The contract as the emitters need it: strings, numbers and equatable arrays only. No Roslyn types and no
// source positions, so that a comment or whitespace edit in the contract yields an equal model.

/// <summary>Everything the generator reads from the contract.</summary>
internal sealed record ContractModel(
    string ModelTypeName,
    RequestModel Request,
    string InputBaseTypeName,
    EquatableArray<FieldModel> SharedFields,
    EquatableArray<ModeModel> Modes,
    FailCodesModel FailCodes,
    EquatableArray<HttpErrorModel> HttpErrors,
    PricingModel Pricing,
    PollingModel Polling,
    EquatableArray<EnumModel> Enums,
    ServiceModel Service,
    CallbackDeliveryModel CallbackDelivery,
    RateLimitsModel RateLimits);

/// <summary>The plans' limits per API key (x-apixo-rate-limits), in the contract's order.</summary>
internal sealed record RateLimitsModel(EquatableArray<RatePlanModel> Plans)
{
    /// <summary>The word the contract writes for a figure agreed per account rather than published.</summary>
    public const string Custom = "custom";
}

/// <summary>One plan's limits; null where the contract says <c>custom</c> (agreed per account).</summary>
/// <param name="Plan">The plan's name as the contract writes it (<c>pro</c>).</param>
/// <param name="Name">Its C# name (<c>Pro</c>).</param>
/// <param name="RequestsPerMinute">Requests per minute per key, every request counted.</param>
/// <param name="ConcurrentTasks">Unfinished tasks per key.</param>
internal sealed record RatePlanModel(string Plan, string Name, int? RequestsPerMinute, int? ConcurrentTasks);

/// <summary>How APIXO delivers the submit's callback (x-apixo-callback-delivery).</summary>
/// <param name="TimeoutSeconds">How long APIXO waits for the receiver's 200 before the attempt counts as failed.</param>
/// <param name="MaxRetries">How many times it retries an attempt that failed.</param>
/// <param name="FirstRetryAfterSeconds">The wait before the first retry.</param>
/// <param name="RetryDelays">How the waits change: <c>growing</c>, each at least the one before.</param>
/// <param name="Signed">Whether APIXO signs its callbacks.</param>
internal sealed record CallbackDeliveryModel(int TimeoutSeconds, int MaxRetries, int FirstRetryAfterSeconds, string RetryDelays, bool Signed);

/// <summary>Facts of the service as a whole: where it is, how a call proves who it is, how long results live.</summary>
/// <param name="ServerUrl">The first <c>servers</c> URL.</param>
/// <param name="AuthorizationScheme">The http security scheme's <c>scheme</c>, as the Authorization header writes it (<c>Bearer</c>).</param>
/// <param name="ResultTtlHours">x-apixo-result-ttl-hours: how long result URLs stay valid.</param>
internal sealed record ServiceModel(string ServerUrl, string AuthorizationScheme, int ResultTtlHours);

/// <summary>A string enum of the contract: its C# type and its members.</summary>
/// <param name="TypeName">The C# type.</param>
/// <param name="Members">C# names and wire values, in the contract's order.</param>
/// <param name="DefaultMember">The member the contract's <c>default</c> names, if any.</param>
/// <param name="Description">The schema's description.</param>
/// <param name="Extensible">x-apixo-extensible: a struct over the string, open to values the contract does not name.</param>
/// <param name="TerminalWires">x-apixo-terminal-states: the values after which nothing changes (empty when not given).</param>
/// <param name="SuccessWires">x-apixo-success-states: the terminal values that carry a result.</param>
internal sealed record EnumModel(
    string TypeName,
    EquatableArray<EnumMemberModel> Members,
    string? DefaultMember,
    string Description = "",
    bool Extensible = false,
    EquatableArray<string> TerminalWires = default,
    EquatableArray<string> SuccessWires = default)
{
    /// <summary>The wire value of the default member, when the contract gives one.</summary>
    public string? DefaultWire => DefaultMember is null ? null : System.Linq.Enumerable.First(Members, member => member.Name == DefaultMember).Wire;

    /// <summary>The wire values, as an error message shows them.</summary>
    public string AllowedText => string.Join(", ", System.Linq.Enumerable.Select(Members, member => member.Wire));
}

internal sealed record EnumMemberModel(string Name, string Wire);

/// <summary>The submit body: its type, request type (async or callback) and callback URL.</summary>
internal sealed record RequestModel(
    string TypeName,
    string RequestTypeJson,
    string RequestTypeProperty,
    EnumModel RequestTypeEnum,
    string AsyncMember,
    string CallbackMember,
    UriFieldModel CallbackUrl,
    string RequiredWhenText,
    string InputJson,
    string InputProperty);

/// <summary>One concrete shape of the input, selected by the discriminator.</summary>
internal sealed record ModeModel(string Mode, string InputTypeName, string BuilderName, string Summary, EquatableArray<FieldModel> Fields);

/// <summary>A field a builder sets; <see cref="Path"/> is its JSON pointer in the request body.</summary>
internal abstract record FieldModel(string Json, string Property, string Path, bool Required)
{
    /// <summary>The contract's description of the field.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>
    /// <c>nullable: true</c>: JSON null is allowed. The builders never send null for an optional field (unset is not
    /// sent); a required nullable field left unset is sent as null, which the contract allows.
    /// </summary>
    public bool Nullable { get; init; }

    /// <summary>
    /// The contract's <c>default</c> as text (a list's items joined by ", "), or null. The builders never send it: an
    /// optional field left unset is not sent, and the server applies its default.
    /// </summary>
    public string? Default { get; init; }

    /// <summary>Whether a request must carry a value: required, and null would not do.</summary>
    public bool MustBeSet => Required && !Nullable;
}

/// <summary>
/// A plain string; <see cref="Pattern"/> is the contract's ECMA-262 regular expression it must match somewhere, and
/// <see cref="DotNetPattern"/> the same in .NET's syntax (see <c>EcmaPattern</c>).
/// </summary>
internal sealed record TextFieldModel(string Json, string Property, string Path, bool Required, int? MinLength, int? MaxLength, string? Pattern = null, string? DotNetPattern = null)
    : FieldModel(Json, Property, Path, Required);

/// <summary>An integer; <see cref="ClrType"/> is the DTO's (int, or long for format int64).</summary>
internal sealed record IntegerFieldModel(string Json, string Property, string Path, bool Required, string ClrType, long? Minimum, long? Maximum, bool ExclusiveMinimum, bool ExclusiveMaximum, long? MultipleOf)
    : FieldModel(Json, Property, Path, Required);

/// <summary>
/// A number; <see cref="ClrType"/> is the DTO's (double; float for format float; decimal for format decimal). The
/// bounds are exact decimals, as the contract writes them and as a JSON Schema validator compares them.
/// </summary>
internal sealed record NumberFieldModel(string Json, string Property, string Path, bool Required, string ClrType, decimal? Minimum, decimal? Maximum, bool ExclusiveMinimum, bool ExclusiveMaximum, decimal? MultipleOf)
    : FieldModel(Json, Property, Path, Required);

internal sealed record BooleanFieldModel(string Json, string Property, string Path, bool Required)
    : FieldModel(Json, Property, Path, Required);

/// <summary>A string enum: a <c>$ref</c> to a named one, or one written inline (its type named as NSwag names it).</summary>
internal sealed record EnumFieldModel(string Json, string Property, string Path, bool Required, EnumModel Enum)
    : FieldModel(Json, Property, Path, Required);

internal sealed record UriFieldModel(string Json, string Property, string Path, bool Required, EquatableArray<string> Schemes)
    : FieldModel(Json, Property, Path, Required);

internal sealed record UriListFieldModel(string Json, string Property, string Path, bool Required, int? MinItems, int? MaxItems, EquatableArray<string> Schemes, bool UniqueItems = false)
    : FieldModel(Json, Property, Path, Required);

/// <summary>
/// An array of text, integers, numbers, booleans or enum values (URIs are a <see cref="UriListFieldModel"/>).
/// <see cref="Item"/> holds the rules of each item; its path is the list's.
/// </summary>
internal sealed record ListFieldModel(string Json, string Property, string Path, bool Required, FieldModel Item, int? MinItems, int? MaxItems, bool UniqueItems)
    : FieldModel(Json, Property, Path, Required);

internal sealed record FailCodesModel(EquatableArray<RetryClassModel> RetryClasses, EquatableArray<FailCodeModel> Codes);

internal sealed record RetryClassModel(string Key, string Name, string Description);

internal sealed record FailCodeModel(string Code, string Name, string Meaning, string Advice, string RetryClassName, EquatableArray<string> Aliases)
{
    /// <summary>The code and its aliases: every wire value that means this failure.</summary>
    public System.Collections.Generic.IEnumerable<string> WireValues => System.Linq.Enumerable.Prepend(Aliases, Code);
}

/// <summary>A documented HTTP error (x-apixo-error).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Kind">The C# member of ApixoErrorKind.</param>
/// <param name="Meaning">What it means.</param>
/// <param name="Advice">What to do about it.</param>
/// <param name="Retryable">Whether repeating the same call can help.</param>
/// <param name="NothingCreated">Whether the server answers it before it accepts a request: no task was created, nothing billed.</param>
internal sealed record HttpErrorModel(int Status, string Kind, string Meaning, string Advice, bool Retryable, bool NothingCreated);

/// <summary>
/// The error kinds the client adds beside the contract's: failures no HTTP status describes. Their values are not
/// HTTP statuses (those are 400 to 599), and a contract may not use their names.
/// </summary>
internal static class ClientErrorKinds
{
    public static readonly (string Name, int Value, string Summary)[] All =
    [
        ("Transport", 1, "No answer came: the connection failed or an attempt timed out (<c>Status</c> is 0). Not an HTTP status: the client's kind."),
        ("UnreadableResponse", 2, "An answer came but cannot be used: a body that is not the contract's, too large, or about another task. Not an HTTP status: the client's kind."),
        ("TaskFailed", 3, "The task ended in a terminal state without a result; its fail code says why. Not an HTTP status: the client's kind."),
    ];

    public static bool IsReserved(string name) => name == "Unknown" || System.Array.Exists(All, kind => kind.Name == name);
}

/// <summary>Price of one image per member of the priced enum; amounts are C# decimal literals.</summary>
internal sealed record PricingModel(string Currency, string Unit, EnumFieldModel PricedField, EquatableArray<PriceModel> Prices);

internal sealed record PriceModel(string Member, string Wire, string Amount);

internal sealed record PollingModel(EnumModel Enum, EquatableArray<PollModel> Tiers);

internal sealed record PollModel(string Member, string Wire, int FirstPollSeconds, int IntervalSeconds, int TypicalMinSeconds, int TypicalMaxSeconds);
