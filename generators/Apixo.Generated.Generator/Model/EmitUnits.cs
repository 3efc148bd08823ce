using Apixo.Generated.Contract.Model;
namespace Apixo.Generated.Generator.Model;

/// <summary>
/// One generated file: its hint name and exactly the data it is emitted from. Each unit is cached on its
/// own, so a change to one mode's limits re-emits that mode's builder only.
/// </summary>
internal abstract record EmitUnit(string Namespace, string HintName);

internal sealed record EntryPointUnit(string Namespace, string HintName, string ModelTypeName, EquatableArray<ModeEntryModel> Modes)
    : EmitUnit(Namespace, HintName);

internal sealed record ModeEntryModel(string Mode, string BuilderName, string Summary, EquatableArray<ParameterModel> Parameters);

/// <summary>A required field taken by a builder's constructor: parameter name, C# type and the setter it calls.</summary>
internal sealed record ParameterModel(string Name, string Type, string Setter);

internal sealed record BaseBuilderUnit(string Namespace, string HintName, string ModelTypeName, RequestModel Request, string InputBaseTypeName, EquatableArray<FieldModel> SharedFields)
    : EmitUnit(Namespace, HintName);

internal sealed record ModeBuilderUnit(string Namespace, string HintName, string ModelTypeName, ModeModel Mode, EquatableArray<ParameterModel> Parameters, EquatableArray<string> SharedProperties)
    : EmitUnit(Namespace, HintName);

internal sealed record FailCodesUnit(string Namespace, string HintName, FailCodesModel FailCodes)
    : EmitUnit(Namespace, HintName);

internal sealed record HttpErrorsUnit(string Namespace, string HintName, EquatableArray<HttpErrorModel> Errors)
    : EmitUnit(Namespace, HintName);

internal sealed record PricingUnit(string Namespace, string HintName, string ModelTypeName, string RequestTypeName, string InputProperty, PricingModel Pricing)
    : EmitUnit(Namespace, HintName);

internal sealed record PollingUnit(string Namespace, string HintName, string ModelTypeName, PollingModel Polling)
    : EmitUnit(Namespace, HintName);

internal sealed record EnumTableUnit(string Namespace, string HintName, EnumModel Enum)
    : EmitUnit(Namespace, HintName);

/// <summary>The modes and their fields as data, and a builder that takes text values: for tools such as the CLI.</summary>
internal sealed record ModesUnit(string Namespace, string HintName, string ModelTypeName, RequestModel Request, string InputBaseTypeName, EquatableArray<FieldModel> SharedFields, EquatableArray<ModeModel> Modes)
    : EmitUnit(Namespace, HintName);

internal sealed record ServiceUnit(string Namespace, string HintName, string ModelTypeName, ServiceModel Service)
    : EmitUnit(Namespace, HintName);

internal sealed record CallbackDeliveryUnit(string Namespace, string HintName, string ModelTypeName, CallbackDeliveryModel Delivery)
    : EmitUnit(Namespace, HintName);

internal sealed record RateLimitsUnit(string Namespace, string HintName, string ModelTypeName, RateLimitsModel RateLimits)
    : EmitUnit(Namespace, HintName);
