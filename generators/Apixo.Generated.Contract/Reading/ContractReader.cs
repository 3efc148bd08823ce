using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>The outcome of reading the contract: the model, or nothing when any error was found.</summary>
internal sealed record ParseResult(ContractModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Reads the OpenAPI contract (YAML) into a <see cref="ContractModel"/>, one reader per concept (operations, service,
/// enums, request, modes, fields, fail codes, HTTP errors, pricing and polling, callback delivery, rate limits). Every mistake becomes a diagnostic that
/// points at its line; the reader never throws on a bad contract and gives no model when it found an error the
/// emitted code could not survive, so that no half-generated code follows.
/// </summary>
internal static class ContractReader
{
    public static ParseResult Read(string path, string text)
    {
        var spec = SpecDocument.Load(path, text, out var usable);
        var model = usable ? ReadModel(spec) : null;
        var diagnostics = spec.Diagnostics;
        // A field the builders cannot honour is left out and reported; everything else is still emitted, so the
        // build shows that diagnostic alone, not a cascade of missing types in the code that uses the client. The
        // diagnostic is an error: no client is built without the field.
        // Only APX004: any other diagnostic (a name, a mode, a table) could leave the emitted code itself broken.
        return new ParseResult(diagnostics.All(diagnostic => diagnostic.Descriptor == ContractDiagnostics.UnsupportedConstraint) ? model : null, diagnostics);
    }

    private static ContractModel? ReadModel(SpecDocument spec)
    {
        var modelId = spec.RequiredScalar(spec.Root, "x-apixo-model", "the root");
        if (!spec.FindSchemas())
        {
            return null;
        }

        if (modelId is not null && !Names.IsValidIdentifier(Names.Pascal(modelId)))
        {
            spec.Report(ContractDiagnostics.InvalidName, Child(spec.Root, "x-apixo-model"), $"x-apixo-model '{modelId}' gives no valid C# name ('{Names.Pascal(modelId)}').");
            modelId = null;
        }

        var operations = OperationReader.Read(spec);
        if (operations is null)
        {
            return null;
        }

        var enums = new EnumReader(spec);
        var fields = new FieldReader(spec, enums);
        var request = new RequestReader(spec, enums, fields).Read(operations.Submit, out var inputSchema);
        if (request is null || inputSchema is null || modelId is null)
        {
            return null;
        }

        var (sharedFields, modes) = new ModeReader(spec, fields).Read(request.InputJson, inputSchema.Value.Name, inputSchema.Value.Node);
        var failCodes = FailCodeReader.Read(spec);
        var httpErrors = HttpErrorReader.Read(spec);
        var pricing = PricingReader.ReadPricing(spec, enums, sharedFields, out var pricedNode);
        var polling = pricing is null || pricedNode is null ? null : PricingReader.ReadPolling(spec, pricing.PricedField.Enum, pricedNode);

        var allEnums = enums.ReadAll();
        var service = ServiceReader.Read(spec);
        var callbackDelivery = CallbackDeliveryReader.Read(spec, operations.Submit);
        var rateLimits = RateLimitReader.Read(spec);
        if (failCodes is null || pricing is null || polling is null || service is null || callbackDelivery is null || rateLimits is null)
        {
            return null;
        }

        return new ContractModel(
            Names.Pascal(modelId),
            request,
            inputSchema.Value.Name,
            sharedFields,
            modes,
            failCodes,
            httpErrors,
            pricing,
            polling,
            allEnums,
            service,
            callbackDelivery,
            rateLimits);
    }
}
