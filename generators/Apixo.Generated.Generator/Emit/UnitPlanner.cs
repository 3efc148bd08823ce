using System.Collections.Immutable;
using System.Linq;
using Apixo.Generated.Contract.Model;
using Apixo.Generated.Generator.Model;

namespace Apixo.Generated.Generator.Emit;

/// <summary>Cuts the contract model into one unit per generated file, each holding only what its file needs.</summary>
internal static class UnitPlanner
{
    public static ImmutableArray<EmitUnit> Plan(ContractModel? model, string ns)
    {
        if (model is null)
        {
            return ImmutableArray<EmitUnit>.Empty;
        }

        var prefix = model.ModelTypeName + ".";
        var sharedParameters = model.SharedFields.Select(BuilderEmitter.Parameter).OfType<ParameterModel>().ToList();
        var sharedAssignments = model.SharedFields
            .Select(field => BuilderEmitter.Assignment(field, field.Property + "Value"))
            .ToEquatableArray();

        var units = ImmutableArray.CreateBuilder<EmitUnit>();
        units.Add(new EntryPointUnit(
            ns,
            prefix + "g.cs",
            model.ModelTypeName,
            model.Modes.Select(mode => new ModeEntryModel(mode.Mode, mode.BuilderName, mode.Summary, Parameters(sharedParameters, mode))).ToEquatableArray()));
        units.Add(new BaseBuilderUnit(ns, prefix + "RequestBuilder.g.cs", model.ModelTypeName, model.Request, model.InputBaseTypeName, model.SharedFields));
        foreach (var mode in model.Modes)
        {
            units.Add(new ModeBuilderUnit(ns, prefix + mode.BuilderName + ".g.cs", model.ModelTypeName, mode, Parameters(sharedParameters, mode), sharedAssignments));
        }

        units.Add(new FailCodesUnit(ns, prefix + "FailCode.g.cs", model.FailCodes));
        units.Add(new HttpErrorsUnit(ns, prefix + "HttpErrors.g.cs", model.HttpErrors));
        units.Add(new PricingUnit(ns, prefix + "Pricing.g.cs", model.ModelTypeName, model.Request.TypeName, model.Request.InputProperty, model.Pricing));
        units.Add(new PollingUnit(ns, prefix + "Polling.g.cs", model.ModelTypeName, model.Polling));
        units.Add(new ServiceUnit(ns, prefix + "Service.g.cs", model.ModelTypeName, model.Service));
        units.Add(new CallbackDeliveryUnit(ns, prefix + "CallbackDelivery.g.cs", model.ModelTypeName, model.CallbackDelivery));
        units.Add(new RateLimitsUnit(ns, prefix + "RateLimits.g.cs", model.ModelTypeName, model.RateLimits));
        units.Add(new ModesUnit(ns, prefix + "Modes.g.cs", model.ModelTypeName, model.Request, model.InputBaseTypeName, model.SharedFields, model.Modes));
        foreach (var table in model.Enums)
        {
            units.Add(new EnumTableUnit(ns, prefix + table.TypeName + "Values.g.cs", table));
        }

        return units.ToImmutable();
    }

    public static string Emit(EmitUnit unit) => unit switch
    {
        EntryPointUnit entry => BuilderEmitter.EmitEntryPoints(entry),
        BaseBuilderUnit builder => BuilderEmitter.EmitBase(builder),
        ModeBuilderUnit mode => BuilderEmitter.EmitMode(mode),
        FailCodesUnit failCodes => TableEmitter.EmitFailCodes(failCodes),
        HttpErrorsUnit errors => TableEmitter.EmitHttpErrors(errors),
        PricingUnit pricing => TableEmitter.EmitPricing(pricing),
        PollingUnit polling => TableEmitter.EmitPolling(polling),
        EnumTableUnit table => TableEmitter.EmitEnumTable(table),
        ModesUnit modes => ModesEmitter.Emit(modes),
        ServiceUnit service => TableEmitter.EmitService(service),
        CallbackDeliveryUnit delivery => TableEmitter.EmitCallbackDelivery(delivery),
        RateLimitsUnit rateLimits => RateLimitsEmitter.Emit(rateLimits),
        _ => throw new System.ArgumentOutOfRangeException(nameof(unit), unit.GetType().Name, "No emitter for this unit."),
    };

    private static EquatableArray<ParameterModel> Parameters(System.Collections.Generic.IEnumerable<ParameterModel> shared, ModeModel mode) =>
        shared.Concat(mode.Fields.Select(BuilderEmitter.Parameter).OfType<ParameterModel>()).ToEquatableArray();
}
