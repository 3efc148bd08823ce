using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Apixo.Generated.Contract.Reading;

/// <summary>The outcome of reading the contract: the model, or nothing when any error was found.</summary>
internal sealed record ParseResult(ContractModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Reads the OpenAPI contract (YAML) into a <see cref="ContractModel"/>. Every mistake becomes a diagnostic
/// that points at its line; the reader never throws on a bad contract and gives no model when it found an
/// error, so that no half-generated code follows.
/// </summary>
internal sealed class ContractReader
{
    private const string SchemaRefPrefix = "#/components/schemas/";

    private static readonly EquatableArray<string> UnparsableAfterHere = new[] { "the YAML cannot be parsed after this point" }.ToEquatableArray();

    private static readonly EquatableArray<string> HttpSchemes = new[] { "http", "https" }.ToEquatableArray();

    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly Dictionary<string, EnumModel?> _enums = new(StringComparer.Ordinal);
    private YamlMappingNode _root = new();
    private YamlMappingNode _schemas = new();

    private ContractReader(string path)
    {
        _path = path;
    }

    public static ParseResult Read(string path, string text)
    {
        var reader = new ContractReader(path);
        var model = reader.ReadDocument(text);
        var diagnostics = reader._diagnostics.ToEquatableArray();
        // A field the builders cannot honour is left out and reported; everything else is still emitted, so the
        // build shows that diagnostic alone, not a cascade of missing types in the code that uses the client. The
        // diagnostic is an error: no client is built without the field.
        // Only APX004: any other diagnostic (a name, a mode, a table) could leave the emitted code itself broken.
        return new ParseResult(diagnostics.All(diagnostic => diagnostic.Descriptor == ContractDiagnostics.UnsupportedConstraint) ? model : null, diagnostics);
    }

    private ContractModel? ReadDocument(string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Report(ContractDiagnostics.IncompleteContract, null, "The contract is empty or is not a YAML mapping.");
                return null;
            }

            _root = root;
            if (stream.Documents.Count > 1)
            {
                Report(ContractDiagnostics.IncompleteContract, stream.Documents[1].RootNode, "The contract holds more than one YAML document; only one is allowed.");
                return null;
            }
        }
        catch (YamlException exception)
        {
            _diagnostics.Add(new DiagnosticInfo(ContractDiagnostics.YamlSyntaxError, new[] { exception.InnerException?.Message ?? exception.Message }.ToEquatableArray(), _path, Span(exception.Start, exception.End)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet gives up on some malformed input (an unclosed flow sequence) without a position:
            // point at the last event it could read.
            var at = parser.Current;
            _diagnostics.Add(new DiagnosticInfo(ContractDiagnostics.YamlSyntaxError, UnparsableAfterHere, _path, at is null ? null : Span(at.Start, at.End)));
            return null;
        }

        var modelId = RequiredScalar(_root, "x-apixo-model", "the root");
        if (Child(Child(_root, "components") as YamlMappingNode, "schemas") is YamlMappingNode schemas)
        {
            _schemas = schemas;
        }
        else
        {
            Report(ContractDiagnostics.IncompleteContract, _root, "The contract has no components/schemas.");
            return null;
        }

        if (modelId is not null && !Names.IsValidIdentifier(Names.Pascal(modelId)))
        {
            Report(ContractDiagnostics.InvalidName, Child(_root, "x-apixo-model"), $"x-apixo-model '{modelId}' gives no valid C# name ('{Names.Pascal(modelId)}').");
            modelId = null;
        }

        var request = ReadRequest(out var inputSchema);
        if (request is null || inputSchema is null || modelId is null)
        {
            return null;
        }

        var (sharedFields, modes) = ReadInput(request.InputJson, inputSchema.Value.Name, inputSchema.Value.Node);
        var failCodes = ReadFailCodes();
        var httpErrors = ReadHttpErrors();
        var pricing = ReadPricing(sharedFields, out var pricedNode);
        var polling = pricing is null || pricedNode is null ? null : ReadPolling(pricing.PricedField.Enum, pricedNode);

        var enums = ReadAllEnums();
        var service = ReadService();
        var callbackDelivery = ReadCallbackDelivery();
        if (failCodes is null || pricing is null || polling is null || service is null || callbackDelivery is null)
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
            enums,
            service,
            callbackDelivery);
    }

    // How APIXO delivers the submit's callback: the webhook receiver sizes what it remembers by it.
    private CallbackDeliveryModel? ReadCallbackDelivery()
    {
        var found = new List<YamlMappingNode>();
        foreach (var item in (Child(_root, "paths") as YamlMappingNode)?.Children.Values.OfType<YamlMappingNode>() ?? Enumerable.Empty<YamlMappingNode>())
        {
            var callbacks = Child(Child(item, "post") as YamlMappingNode, "callbacks") as YamlMappingNode;
            var operations = callbacks?.Children.Values.OfType<YamlMappingNode>()
                .SelectMany(callback => callback.Children.Values.OfType<YamlMappingNode>())
                .SelectMany(pathItem => pathItem.Children.Values.OfType<YamlMappingNode>()) ?? Enumerable.Empty<YamlMappingNode>();
            found.AddRange(operations.Select(operation => Child(operation, "x-apixo-callback-delivery")).OfType<YamlMappingNode>());
        }

        if (found.Count != 1)
        {
            Report(ContractDiagnostics.IncompleteContract, found.Count == 0 ? Child(_root, "paths") ?? _root : found[1], "The submit's callback needs exactly one x-apixo-callback-delivery: how APIXO delivers callbacks.");
            return null;
        }

        var delivery = found[0];
        int? Seconds(string key, int least)
        {
            var node = Child(delivery, key);
            if (int.TryParse(Scalar(node), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= least)
            {
                return value;
            }

            Report(ContractDiagnostics.IncompleteContract, node ?? delivery, $"x-apixo-callback-delivery needs {key}: a whole number, at least {least}.");
            return null;
        }

        var timeout = Seconds("timeout-seconds", 1);
        var retries = Seconds("max-retries", 0);
        var firstRetry = Seconds("first-retry-after-seconds", 0);
        var delays = Scalar(Child(delivery, "retry-delays"));
        var signed = Scalar(Child(delivery, "signed"));
        if (delays != "growing")
        {
            // Each value needs a meaning the emitted table states; growing is the one APIXO documents.
            Report(ContractDiagnostics.IncompleteContract, Child(delivery, "retry-delays") ?? delivery, $"x-apixo-callback-delivery retry-delays '{delays}' is not known: growing (each wait at least the one before).");
            return null;
        }

        if (signed is not ("true" or "false"))
        {
            Report(ContractDiagnostics.IncompleteContract, Child(delivery, "signed") ?? delivery, "x-apixo-callback-delivery needs signed: true or false.");
            return null;
        }

        return timeout is null || retries is null || firstRetry is null
            ? null
            : new CallbackDeliveryModel(timeout.Value, retries.Value, firstRetry.Value, delays, signed == "true");
    }

    // Where the service is, how calls are authorized, how long results live: read, never typed in the runtime.
    private ServiceModel? ReadService()
    {
        var server = Scalar(Child((Child(_root, "servers") as YamlSequenceNode)?.Children.FirstOrDefault() as YamlMappingNode, "url"));
        if (server is null || !Uri.TryCreate(server, UriKind.Absolute, out _))
        {
            Report(ContractDiagnostics.IncompleteContract, Child(_root, "servers") ?? _root, "The contract needs a servers entry with an absolute url: the client's default base address.");
            return null;
        }

        var schemes = Child(Child(_root, "components") as YamlMappingNode, "securitySchemes") as YamlMappingNode;
        var http = schemes?.Children.Select(pair => pair.Value as YamlMappingNode).FirstOrDefault(scheme => Scalar(Child(scheme, "type")) == "http");
        var scheme = Scalar(Child(http, "scheme"));
        if (string.IsNullOrWhiteSpace(scheme))
        {
            Report(ContractDiagnostics.IncompleteContract, (YamlNode?)schemes ?? _root, "The contract needs an http security scheme with a scheme (bearer): the Authorization header's.");
            return null;
        }

        var holder = _schemas.Children.Select(pair => pair.Value as YamlMappingNode).FirstOrDefault(schema => Child(schema, "x-apixo-result-ttl-hours") is not null);
        var ttlNode = Child(holder, "x-apixo-result-ttl-hours");
        if (!int.TryParse(Scalar(ttlNode), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ttl) || ttl <= 0)
        {
            Report(ContractDiagnostics.IncompleteContract, ttlNode ?? _root, "x-apixo-result-ttl-hours must be a positive whole number of hours.");
            return null;
        }

        // RFC 7235 schemes are case-insensitive; the header conventionally capitalizes (Bearer).
        return new ServiceModel(server, char.ToUpperInvariant(scheme![0]) + scheme.Substring(1), ttl);
    }

    // Every named string enum of the contract gets a table (members, wire values, default), so that hand-written
    // code never types one of its values.
    private EquatableArray<EnumModel> ReadAllEnums()
    {
        var enums = new List<EnumModel>();
        foreach (var pair in _schemas.Children)
        {
            if (Scalar(pair.Key) is { } name && pair.Value is YamlMappingNode schema && Child(schema, "enum") is YamlSequenceNode
                && Scalar(Child(schema, "type")) is null or "string" && ReadEnum(name, schema) is { } model)
            {
                enums.Add(model);
            }
        }

        return enums.ToEquatableArray();
    }

    // --- the submit body ----------------------------------------------------------------------------------

    private RequestModel? ReadRequest(out (string Name, YamlMappingNode Node)? inputSchema)
    {
        inputSchema = null;
        var submit = FindSubmitSchema();
        if (submit is null)
        {
            Report(ContractDiagnostics.IncompleteContract, Child(_root, "paths") ?? _root, "No POST operation has an application/json request body with a named schema: the builders have no request to build.");
            return null;
        }

        var (requestName, requestNode) = submit.Value;
        var properties = Child(requestNode, "properties") as YamlMappingNode;
        var required = RequiredSet(requestNode);
        var requestTypeNode = Child(properties, "request_type");
        var callbackNode = Child(properties, "callback_url");
        var inputNode = Child(properties, "input");
        if (requestTypeNode is null || callbackNode is null || inputNode is null)
        {
            Report(ContractDiagnostics.IncompleteContract, requestNode, $"Schema '{requestName}' must have the properties request_type, callback_url and input.");
            return null;
        }

        var requestTypeEnum = ReadEnumRef(requestTypeNode, "request_type");
        var callbackField = ReadField("callback_url", callbackNode, "/callback_url", required.Contains("callback_url"));
        var input = ResolveSchemaRef(inputNode);
        if (input is null)
        {
            Report(ContractDiagnostics.IncompleteContract, inputNode, $"{requestName}.input must be a $ref to the input schema.");
        }

        if (callbackField is not null and not UriFieldModel)
        {
            Report(ContractDiagnostics.UnsupportedConstraint, callbackNode, "callback_url", "it must be a string with format uri for the builders to set it.");
        }

        string? asyncMember = null, callbackMember = null;
        if (requestTypeEnum is not null)
        {
            asyncMember = requestTypeEnum.Members.FirstOrDefault(m => m.Wire == "async")?.Name;
            callbackMember = requestTypeEnum.Members.FirstOrDefault(m => m.Wire == "callback")?.Name;
            if (asyncMember is null || callbackMember is null)
            {
                Report(ContractDiagnostics.IncompleteContract, requestTypeNode, $"Enum '{requestTypeEnum.TypeName}' of request_type must have the values async and callback.");
            }
        }

        var requiredWhen = ReadRequiredWhen(requestNode, requestName);
        inputSchema = input;
        if (requestTypeEnum is null || asyncMember is null || callbackMember is null || callbackField is not UriFieldModel callback || requiredWhen is null || input is null)
        {
            return null;
        }

        return new RequestModel(
            requestName,
            "request_type",
            Names.Pascal("request_type"),
            requestTypeEnum,
            asyncMember,
            callbackMember,
            callback,
            requiredWhen,
            "input",
            Names.Pascal("input"));
    }

    private (string Name, YamlMappingNode Node)? FindSubmitSchema()
    {
        if (Child(_root, "paths") is not YamlMappingNode paths)
        {
            return null;
        }

        foreach (var item in paths.Children.Values.OfType<YamlMappingNode>())
        {
            var schema = Child(Child(Child(Child(Child(item, "post") as YamlMappingNode, "requestBody") as YamlMappingNode, "content") as YamlMappingNode, "application/json") as YamlMappingNode, "schema");
            if (schema is not null && ResolveSchemaRef(schema) is { } resolved)
            {
                return resolved;
            }
        }

        return null;
    }

    private string? ReadRequiredWhen(YamlMappingNode requestNode, string requestName)
    {
        if (Child(requestNode, "x-apixo-required-when") is not YamlSequenceNode rules)
        {
            Report(ContractDiagnostics.IncompleteContract, requestNode, $"{requestName} has no x-apixo-required-when: the rule 'callback_url is required when request_type is callback' is missing.");
            return null;
        }

        foreach (var rule in rules.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(Child(rule, "field")) == "callback_url" && Child(rule, "when") is YamlMappingNode when)
            {
                var condition = when.Children.FirstOrDefault();
                if (Scalar(condition.Key) == "request_type" && Scalar(condition.Value) == "callback")
                {
                    return "request_type is callback";
                }

                Report(ContractDiagnostics.UnsupportedConstraint, when, "x-apixo-required-when", "the builders can only require callback_url when request_type is callback.");
                return null;
            }
        }

        Report(ContractDiagnostics.IncompleteContract, rules, "x-apixo-required-when does not say when callback_url is required.");
        return null;
    }

    // --- the input and its modes --------------------------------------------------------------------------

    private (EquatableArray<FieldModel> Shared, EquatableArray<ModeModel> Modes) ReadInput(string inputJson, string baseName, YamlMappingNode baseNode)
    {
        var discriminator = Child(baseNode, "discriminator") as YamlMappingNode;
        var discriminatorProperty = Scalar(Child(discriminator, "propertyName"));
        var mapping = Child(discriminator, "mapping") as YamlMappingNode;
        if (discriminatorProperty is null || mapping is null)
        {
            Report(ContractDiagnostics.IncompleteContract, baseNode, $"Input schema '{baseName}' needs a discriminator with a propertyName and a mapping of its modes.");
            return (EquatableArray<FieldModel>.Empty, EquatableArray<ModeModel>.Empty);
        }

        var shared = ReadFields(baseNode, "/" + inputJson + "/", skip: discriminatorProperty);
        if (Child(baseNode, "x-apixo-modes") is not YamlSequenceNode modeList)
        {
            Report(ContractDiagnostics.IncompleteContract, baseNode, $"Input schema '{baseName}' has no x-apixo-modes list.");
            return (shared, EquatableArray<ModeModel>.Empty);
        }

        var modes = new List<ModeModel>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in modeList.Children)
        {
            var modeNode = Child(entry as YamlMappingNode, "mode");
            var schemaNode = Child(entry as YamlMappingNode, "schema");
            var mode = Scalar(modeNode);
            var schemaName = Scalar(schemaNode);
            if (mode is null || schemaName is null)
            {
                Report(ContractDiagnostics.IncompleteContract, entry, "Each x-apixo-modes entry needs a mode and a schema.");
                continue;
            }

            if (!listed.Add(mode))
            {
                Report(ContractDiagnostics.UnknownMode, modeNode, mode, "is listed twice");
                continue;
            }

            if (!Names.IsValidIdentifier(Names.Pascal(mode)))
            {
                Report(ContractDiagnostics.InvalidName, modeNode, $"Mode '{mode}' gives no valid C# name for its entry point ('{Names.Pascal(mode)}').");
                continue;
            }

            var mapped = Scalar(Child(mapping, mode));
            if (mapped is null)
            {
                Report(ContractDiagnostics.UnknownMode, modeNode, mode, $"is not in the discriminator mapping of {baseName}");
                continue;
            }

            if (Child(_schemas, schemaName) is not YamlMappingNode modeSchema)
            {
                Report(ContractDiagnostics.UnknownMode, schemaNode, mode, $"names schema '{schemaName}', which the contract does not define");
                continue;
            }

            if (mapped != SchemaRefPrefix + schemaName)
            {
                Report(ContractDiagnostics.UnknownMode, schemaNode, mode, $"names schema '{schemaName}', but the discriminator maps it to '{mapped}'");
                continue;
            }

            var parts = (Child(modeSchema, "allOf") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().ToList() ?? new List<YamlMappingNode>();
            if (!parts.Any(part => ResolveSchemaRef(part)?.Name == baseName))
            {
                Report(ContractDiagnostics.UnknownMode, schemaNode, mode, $"names schema '{schemaName}', which does not extend {baseName} through allOf");
                continue;
            }

            var fields = parts
                .Where(part => Child(part, "$ref") is null)
                .SelectMany(part => ReadFields(part, "/" + inputJson + "/", skip: discriminatorProperty))
                .ToEquatableArray();
            foreach (var repeated in fields.Where(field => shared.Any(s => s.Json == field.Json)))
            {
                Report(ContractDiagnostics.InvalidName, schemaNode, $"Mode '{mode}' declares '{repeated.Json}' again, which every mode already has.");
            }

            var builderName = (schemaName.EndsWith("Input", StringComparison.Ordinal) ? schemaName.Substring(0, schemaName.Length - "Input".Length) : schemaName) + "RequestBuilder";
            if (!Names.IsValidIdentifier(builderName) || builderName == "RequestBuilder" || modes.Any(m => m.BuilderName == builderName))
            {
                Report(ContractDiagnostics.InvalidName, schemaNode, $"Mode '{mode}' would get the builder name '{builderName}', which is invalid or taken.");
                continue;
            }

            modes.Add(new ModeModel(mode, schemaName, builderName, Scalar(Child(modeSchema, "description")) ?? $"The {mode} mode.", fields));
        }

        foreach (var mapped in mapping.Children)
        {
            if (Scalar(mapped.Key) is { } mode && !listed.Contains(mode))
            {
                Report(ContractDiagnostics.IncompleteContract, mapped.Key, $"The discriminator maps mode '{mode}', but x-apixo-modes does not list it: it would get no builder.");
            }
        }

        return (shared, modes.ToEquatableArray());
    }

    private EquatableArray<FieldModel> ReadFields(YamlMappingNode schema, string pathPrefix, string skip)
    {
        var required = RequiredSet(schema);
        var fields = new List<FieldModel>();
        if (Child(schema, "properties") is YamlMappingNode properties)
        {
            foreach (var property in properties.Children)
            {
                var json = Scalar(property.Key)!;
                if (json != skip && ReadField(json, property.Value, pathPrefix + json.Replace("~", "~0").Replace("/", "~1"), required.Contains(json)) is { } field)
                {
                    fields.Add(field);
                }
            }
        }

        return fields.ToEquatableArray();
    }

    private FieldModel? ReadField(string json, YamlNode node, string path, bool required) =>
        ReadFieldShape(json, node, path, required) is { } field
            ? field with { Description = Scalar(Child(node as YamlMappingNode, "description")) ?? Scalar(Child(ResolveSchemaRef(node)?.Node, "description")) ?? string.Empty }
            : null;

    private FieldModel? ReadFieldShape(string json, YamlNode node, string path, bool required)
    {
        var property = Names.Pascal(json);
        if (!Names.IsValidIdentifier(property))
        {
            Report(ContractDiagnostics.InvalidName, node, $"Property '{json}' gives no valid C# name ('{property}').");
            return null;
        }

        if (node is not YamlMappingNode schema)
        {
            Report(ContractDiagnostics.UnsupportedConstraint, node, json, "the property is not a schema object.");
            return null;
        }

        if (Child(schema, "$ref") is not null)
        {
            var target = ReadEnumRef(schema, json);
            return target is null ? null : new EnumFieldModel(json, property, path, required, target);
        }

        var type = Scalar(Child(schema, "type"));
        RejectUnsupportedKeywords(schema, json, type is "integer" ? ["enum", "const", "uniqueItems", "not", "oneOf", "anyOf"] : ["enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems", "not", "oneOf", "anyOf"]);
        switch (type)
        {
            case "integer":
                return ReadInteger(schema, json, property, path, required);

            case "boolean":
                return new BooleanFieldModel(json, property, path, required);

            case "string" when Scalar(Child(schema, "format")) == "uri":
                var schemes = ReadSchemes(schema, json);
                return schemes is null ? null : new UriFieldModel(json, property, path, required, schemes.Value);

            case "string":
                if (Child(schema, "format") is { } format)
                {
                    Report(ContractDiagnostics.UnsupportedConstraint, format, json, $"format '{Scalar(format)}' is not enforced by the builders (only uri is).");
                }

                if (Child(schema, "pattern") is { } pattern)
                {
                    Report(ContractDiagnostics.UnsupportedConstraint, pattern, json, "a pattern on a plain string is not enforced by the builders.");
                }

                var (minLength, maxLength) = ReadBounds(schema, json, "minLength", "maxLength");
                return new TextFieldModel(json, property, path, required, minLength, maxLength);

            case "array":
                var items = Child(schema, "items") as YamlMappingNode;
                if (Scalar(Child(items, "type")) != "string" || Scalar(Child(items, "format")) != "uri")
                {
                    Report(ContractDiagnostics.UnsupportedConstraint, items ?? (YamlNode)schema, json, "the builders support arrays of URI strings only.");
                    return null;
                }

                var itemSchemes = ReadSchemes(items!, json);
                var (minItems, maxItems) = ReadBounds(schema, json, "minItems", "maxItems");
                return itemSchemes is null ? null : new UriListFieldModel(json, property, path, required, minItems, maxItems, itemSchemes.Value);

            default:
                Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "type") ?? schema, json, $"type '{Scalar(Child(schema, "type")) ?? "(none)"}' cannot be set by a builder.");
                return null;
        }
    }

    // minimum/maximum with OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum, multipleOf; the DTO is an int,
    // or a long for format int64 (as NSwag generates it).
    private IntegerFieldModel? ReadInteger(YamlMappingNode schema, string json, string property, string path, bool required)
    {
        var broken = false;
        long? Bound(string key)
        {
            if (Child(schema, key) is not { } node)
            {
                return null;
            }

            if (long.TryParse(Scalar(node), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"{key} '{Scalar(node)}' is not a whole number.");
            broken = true;
            return null;
        }

        bool Flag(string key) => string.Equals(Scalar(Child(schema, key)), "true", StringComparison.OrdinalIgnoreCase);

        var format = Scalar(Child(schema, "format"));
        if (format is not (null or "int32" or "int64"))
        {
            Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "format")!, json, $"format '{format}' of an integer is not one the builders know (int32, int64).");
            return null;
        }

        var minimum = Bound("minimum");
        var maximum = Bound("maximum");
        if (minimum > maximum)
        {
            Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, "minimum")!, json, $"minimum {minimum} is above maximum {maximum}.");
            return null;
        }

        var multipleOf = Bound("multipleOf");

        // A bound that cannot be read leaves the field out: a setter without its rule would accept too much.
        return broken ? null : new IntegerFieldModel(json, property, path, required, format == "int64" ? "long" : "int", minimum, maximum, Flag("exclusiveMinimum"), Flag("exclusiveMaximum"), multipleOf);
    }

    private void RejectUnsupportedKeywords(YamlMappingNode schema, string json, params string[] keywords)
    {
        foreach (var keyword in keywords)
        {
            if (Child(schema, keyword) is { } node)
            {
                Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"'{keyword}' is not enforced by the builders.");
            }
        }
    }

    private EquatableArray<string>? ReadSchemes(YamlMappingNode schema, string json)
    {
        var patternNode = Child(schema, "pattern");
        if (patternNode is null)
        {
            return EquatableArray<string>.Empty;
        }

        var pattern = Scalar(patternNode) ?? string.Empty;
        if (pattern.StartsWith("^", StringComparison.Ordinal) && pattern.EndsWith("://", StringComparison.Ordinal))
        {
            var scheme = pattern.Substring(1, pattern.Length - 4);
            if (scheme == "https?")
            {
                return HttpSchemes;
            }

            if (scheme.Length > 0 && char.IsLetter(scheme[0]) && scheme.All(c => char.IsLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return new[] { scheme.ToLowerInvariant() }.ToEquatableArray();
            }
        }

        Report(ContractDiagnostics.UnsupportedConstraint, patternNode, json, $"pattern '{pattern}' cannot be enforced; the builders understand ^scheme:// and ^https?:// on URIs.");
        return null;
    }

    private (int? Min, int? Max) ReadBounds(YamlMappingNode schema, string json, string minKey, string maxKey)
    {
        var min = ReadCount(schema, json, minKey);
        var max = ReadCount(schema, json, maxKey);
        if (min is { } low && max is { } high && low > high)
        {
            Report(ContractDiagnostics.UnsupportedConstraint, Child(schema, minKey)!, json, $"{minKey} {low} is greater than {maxKey} {high}: no value could pass.");
        }

        return (min, max);
    }

    private int? ReadCount(YamlMappingNode schema, string json, string key)
    {
        var node = Child(schema, key);
        if (node is null)
        {
            return null;
        }

        if (int.TryParse(Scalar(node), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"{key} '{Scalar(node)}' is not a non-negative whole number.");
        return null;
    }

    // --- enums --------------------------------------------------------------------------------------------

    private EnumModel? ReadEnumRef(YamlNode node, string json)
    {
        var target = ResolveSchemaRef(node);
        if (target is null)
        {
            Report(ContractDiagnostics.IncompleteContract, node, $"{json} refers to a schema the contract does not define.");
            return null;
        }

        if (Child(target.Value.Node, "enum") is null)
        {
            Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"schema '{target.Value.Name}' is not a string enum, and only enums can be referenced by a builder field.");
            return null;
        }

        return ReadEnum(target.Value.Name, target.Value.Node);
    }

    private EnumModel? ReadEnum(string name, YamlMappingNode schema)
    {
        if (_enums.TryGetValue(name, out var known))
        {
            return known;
        }

        var values = (Child(schema, "enum") as YamlSequenceNode)?.Children.ToList() ?? new List<YamlNode>();
        var namesNode = Child(schema, "x-enumNames") as YamlSequenceNode;
        EnumModel? model = null;
        if (namesNode is null)
        {
            Report(ContractDiagnostics.InvalidName, Child(schema, "enum") ?? schema, $"Enum '{name}' has no x-enumNames: give each value a C# name.");
        }
        else if (namesNode.Children.Count != values.Count)
        {
            Report(ContractDiagnostics.InvalidName, namesNode, $"Enum '{name}' has {values.Count} values but {namesNode.Children.Count} x-enumNames.");
        }
        else
        {
            var members = new List<EnumMemberModel>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var valid = true;
            for (var i = 0; i < values.Count; i++)
            {
                var memberName = Scalar(namesNode.Children[i]) ?? string.Empty;
                if (!Names.IsValidIdentifier(memberName))
                {
                    Report(ContractDiagnostics.InvalidName, namesNode.Children[i], $"'{memberName}' in x-enumNames of '{name}' is not a valid C# identifier.");
                    valid = false;
                }
                else if (!seen.Add(memberName))
                {
                    Report(ContractDiagnostics.InvalidName, namesNode.Children[i], $"'{memberName}' appears twice in x-enumNames of '{name}'.");
                    valid = false;
                }

                var wire = Scalar(values[i]) ?? string.Empty;
                if (members.Any(member => member.Wire == wire))
                {
                    Report(ContractDiagnostics.InvalidName, values[i], $"Value '{wire}' appears twice in enum '{name}'.");
                    valid = false;
                }

                members.Add(new EnumMemberModel(memberName, wire));
            }

            string? defaultMember = null;
            if (Child(schema, "default") is { } defaultNode)
            {
                defaultMember = members.FirstOrDefault(member => member.Wire == Scalar(defaultNode))?.Name;
                if (defaultMember is null)
                {
                    Report(ContractDiagnostics.IncompleteContract, defaultNode, $"The default '{Scalar(defaultNode)}' of enum '{name}' is not one of its values.");
                    valid = false;
                }
            }

            var terminal = ReadStateList(schema, "x-apixo-terminal-states", name, members, null);
            var success = ReadStateList(schema, "x-apixo-success-states", name, members, terminal);
            valid &= terminal is not null && success is not null;
            model = valid
                ? new EnumModel(
                    name,
                    members.ToEquatableArray(),
                    defaultMember,
                    Scalar(Child(schema, "description")) ?? string.Empty,
                    string.Equals(Scalar(Child(schema, "x-apixo-extensible")), "true", StringComparison.OrdinalIgnoreCase),
                    terminal!.ToEquatableArray(),
                    success!.ToEquatableArray())
                : null;
        }

        _enums[name] = model;
        return model;
    }

    // A list of an enum's own values (x-apixo-terminal-states, x-apixo-success-states); success states must be terminal.
    private List<string>? ReadStateList(YamlMappingNode schema, string key, string enumName, List<EnumMemberModel> members, List<string>? within)
    {
        var values = new List<string>();
        if (Child(schema, key) is not { } node)
        {
            return values;
        }

        if (node is not YamlSequenceNode list)
        {
            Report(ContractDiagnostics.IncompleteContract, node, $"{key} of enum '{enumName}' must be a list of its values.");
            return null;
        }

        foreach (var item in list.Children)
        {
            var wire = Scalar(item) ?? string.Empty;
            if (!members.Any(member => member.Wire == wire))
            {
                Report(ContractDiagnostics.IncompleteContract, item, $"'{wire}' in {key} is not a value of enum '{enumName}'.");
                return null;
            }

            if (within is not null && !within.Contains(wire))
            {
                Report(ContractDiagnostics.IncompleteContract, item, $"'{wire}' in {key} of enum '{enumName}' is not one of its terminal states.");
                return null;
            }

            values.Add(wire);
        }

        return values;
    }

    // --- tables -------------------------------------------------------------------------------------------

    private FailCodesModel? ReadFailCodes()
    {
        var holder = _schemas.Children.FirstOrDefault(pair => Child(pair.Value as YamlMappingNode, "x-apixo-fail-codes") is not null);
        if (holder.Value is not YamlMappingNode failCodeSchema || Child(failCodeSchema, "x-apixo-fail-codes") is not YamlSequenceNode entries)
        {
            Report(ContractDiagnostics.IncompleteContract, _schemas, "No schema carries x-apixo-fail-codes: the fail codes are unknown.");
            return null;
        }

        if (Child(_root, "x-apixo-retry-classes") is not YamlMappingNode classesNode)
        {
            Report(ContractDiagnostics.IncompleteContract, _root, "The root has no x-apixo-retry-classes.");
            return null;
        }

        var classes = new List<RetryClassModel>();
        foreach (var pair in classesNode.Children)
        {
            var key = Scalar(pair.Key) ?? string.Empty;
            var className = Names.Pascal(key);
            if (!Names.IsValidIdentifier(className) || className == "Unknown" || classes.Any(c => c.Name == className))
            {
                Report(ContractDiagnostics.InvalidName, pair.Key, $"Retry class '{key}' gives the C# name '{className}', which is invalid, reserved (Unknown) or taken.");
                continue;
            }

            classes.Add(new RetryClassModel(key, className, Scalar(pair.Value) ?? string.Empty));
        }
        var codes = new List<FailCodeModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var wireCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries.Children.OfType<YamlMappingNode>())
        {
            var code = RequiredScalar(entry, "code", "a fail code");
            var nameNode = Child(entry, "name");
            var name = RequiredScalar(entry, "name", "a fail code");
            var meaning = RequiredScalar(entry, "meaning", "a fail code");
            var advice = RequiredScalar(entry, "advice", "a fail code");
            var retry = RequiredScalar(entry, "retry", "a fail code");
            if (code is null || name is null || meaning is null || advice is null || retry is null)
            {
                continue;
            }

            if (!Names.IsValidIdentifier(name) || name is "Value" or "Known" or "IsKnown" or "Meaning" or "Advice" or "RetryClass" or "Canonical" or "ToString" or "Equals" or "GetHashCode" or "GetType")
            {
                Report(ContractDiagnostics.InvalidName, nameNode, $"Fail code name '{name}' is not a valid C# identifier, or clashes with a member of FailCode.");
            }
            else if (!names.Add(name) || !wireCodes.Add(code))
            {
                Report(ContractDiagnostics.InvalidName, nameNode, $"Fail code '{code}' ({name}) appears twice.");
            }

            var retryClass = classes.FirstOrDefault(c => c.Key == retry);
            if (retryClass is null)
            {
                Report(ContractDiagnostics.IncompleteContract, Child(entry, "retry"), $"Retry class '{retry}' of fail code '{code}' is not one of x-apixo-retry-classes.");
                continue;
            }

            var aliases = (Child(entry, "aliases") as YamlSequenceNode)?.Children.Select(Scalar).OfType<string>().ToList() ?? new List<string>();
            foreach (var alias in aliases.Where(alias => !wireCodes.Add(alias)))
            {
                Report(ContractDiagnostics.InvalidName, Child(entry, "aliases"), $"Fail code alias '{alias}' of '{code}' appears twice.");
            }

            codes.Add(new FailCodeModel(code, name, meaning, advice, retryClass.Name, aliases.ToEquatableArray()));
        }

        if (entries.Children.Count == 0)
        {
            Report(ContractDiagnostics.IncompleteContract, entries, "x-apixo-fail-codes is empty: document at least the codes the model page lists.");
            return null;
        }

        return new FailCodesModel(classes.ToEquatableArray(), codes.ToEquatableArray());
    }

    private EquatableArray<HttpErrorModel> ReadHttpErrors()
    {
        var responses = Child(Child(_root, "components") as YamlMappingNode, "responses") as YamlMappingNode;
        var errors = new List<HttpErrorModel>();
        foreach (var response in responses?.Children.Values.OfType<YamlMappingNode>() ?? Enumerable.Empty<YamlMappingNode>())
        {
            if (Child(response, "x-apixo-error") is not YamlMappingNode entry)
            {
                continue;
            }

            var statusNode = Child(entry, "status");
            var kind = RequiredScalar(entry, "kind", "an HTTP error");
            var meaning = RequiredScalar(entry, "meaning", "an HTTP error");
            var advice = RequiredScalar(entry, "advice", "an HTTP error");
            var retryable = Scalar(Child(entry, "retryable"));
            if (!int.TryParse(Scalar(statusNode), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400 || status > 599)
            {
                Report(ContractDiagnostics.IncompleteContract, statusNode ?? entry, "x-apixo-error needs a status between 400 and 599.");
                continue;
            }

            if (retryable is not ("true" or "false"))
            {
                Report(ContractDiagnostics.IncompleteContract, Child(entry, "retryable") ?? entry, $"x-apixo-error {status} needs retryable: true or false.");
                continue;
            }

            // Whether a submit answered so may be repeated: the retry policy and the submit's outcome depend on it.
            var nothingCreated = Scalar(Child(entry, "nothing-created"));
            if (nothingCreated is not ("true" or "false"))
            {
                Report(ContractDiagnostics.IncompleteContract, Child(entry, "nothing-created") ?? entry, $"x-apixo-error {status} needs nothing-created: true or false.");
                continue;
            }

            if (kind is null || meaning is null || advice is null)
            {
                continue;
            }

            if (!Names.IsValidIdentifier(kind) || kind == "Unknown" || errors.Any(e => e.Kind == kind || e.Status == status))
            {
                Report(ContractDiagnostics.InvalidName, Child(entry, "kind"), $"Error kind '{kind}' ({status}) is not a valid C# name, is reserved (Unknown), or appears twice.");
                continue;
            }

            errors.Add(new HttpErrorModel(status, kind, meaning, advice, retryable == "true", nothingCreated == "true"));
        }

        return errors.OrderBy(error => error.Status).ToEquatableArray();
    }

    private PricingModel? ReadPricing(EquatableArray<FieldModel> sharedFields, out YamlMappingNode? pricedSchema)
    {
        pricedSchema = null;
        var holder = _schemas.Children.FirstOrDefault(pair => Child(pair.Value as YamlMappingNode, "x-apixo-pricing") is not null);
        if (holder.Value is not YamlMappingNode schema || Child(schema, "x-apixo-pricing") is not YamlMappingNode pricing)
        {
            Report(ContractDiagnostics.IncompleteContract, _schemas, "No schema carries x-apixo-pricing: the cost of a request is unknown.");
            return null;
        }

        pricedSchema = schema;
        var enumName = Scalar(holder.Key)!;
        var field = sharedFields.OfType<EnumFieldModel>().FirstOrDefault(f => f.Enum.TypeName == enumName);
        if (field is null && _enums.TryGetValue(enumName, out var failed) && failed is null)
        {
            return null; // the enum itself is broken and already reported
        }

        if (field is null)
        {
            Report(ContractDiagnostics.IncompleteContract, holder.Key, $"x-apixo-pricing is on '{enumName}', which no field shared by every mode uses.");
            return null;
        }

        var prices = Child(pricing, "prices") as YamlMappingNode;
        var entries = new List<PriceModel>();
        foreach (var member in field.Enum.Members)
        {
            var amountNode = Child(prices, member.Wire);
            if (amountNode is null || !decimal.TryParse(Scalar(amountNode), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                Report(ContractDiagnostics.IncompleteContract, amountNode ?? (YamlNode?)prices ?? pricing, $"x-apixo-pricing has no price for '{member.Wire}'.");
                continue;
            }

            entries.Add(new PriceModel(member.Name, member.Wire, amount.ToString(CultureInfo.InvariantCulture)));
        }

        ReportExtraKeys(prices, field.Enum, "x-apixo-pricing prices");
        var currency = RequiredScalar(pricing, "currency", "x-apixo-pricing");
        var unit = RequiredScalar(pricing, "unit", "x-apixo-pricing");
        return currency is null || unit is null || entries.Count != field.Enum.Members.Count
            ? null
            : new PricingModel(currency, unit, field, entries.ToEquatableArray());
    }

    private PollingModel? ReadPolling(EnumModel tiers, YamlMappingNode schema)
    {
        if (Child(schema, "x-apixo-polling") is not YamlMappingNode polling)
        {
            Report(ContractDiagnostics.IncompleteContract, schema, $"'{tiers.TypeName}' has x-apixo-pricing but no x-apixo-polling.");
            return null;
        }

        var entries = new List<PollModel>();
        foreach (var member in tiers.Members)
        {
            if (Child(polling, member.Wire) is not YamlMappingNode tier)
            {
                Report(ContractDiagnostics.IncompleteContract, polling, $"x-apixo-polling has no schedule for '{member.Wire}'.");
                continue;
            }

            var first = ReadCount(tier, member.Wire, "first-poll-seconds");
            var interval = ReadCount(tier, member.Wire, "interval-seconds");
            var typical = (Child(tier, "typical-seconds") as YamlSequenceNode)?.Children.Select(Scalar).ToList();
            if (first is null || interval is null || interval == 0 || typical is not { Count: 2 }
                || !int.TryParse(typical[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
                || !int.TryParse(typical[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max) || min > max)
            {
                Report(ContractDiagnostics.IncompleteContract, tier, $"x-apixo-polling '{member.Wire}' needs first-poll-seconds, a positive interval-seconds and typical-seconds [min, max].");
                continue;
            }

            entries.Add(new PollModel(member.Name, member.Wire, first.Value, interval.Value, min, max));
        }

        ReportExtraKeys(polling, tiers, "x-apixo-polling");
        return entries.Count == tiers.Members.Count ? new PollingModel(tiers, entries.ToEquatableArray()) : null;
    }

    private void ReportExtraKeys(YamlMappingNode? table, EnumModel tiers, string what)
    {
        foreach (var key in table?.Children.Keys ?? Enumerable.Empty<YamlNode>())
        {
            if (!tiers.Members.Any(member => member.Wire == Scalar(key)))
            {
                Report(ContractDiagnostics.IncompleteContract, key, $"{what} names '{Scalar(key)}', which is not a value of {tiers.TypeName}.");
            }
        }
    }

    // --- YAML helpers -------------------------------------------------------------------------------------

    private (string Name, YamlMappingNode Node)? ResolveSchemaRef(YamlNode node)
    {
        var reference = Scalar(Child(node as YamlMappingNode, "$ref"));
        if (reference is null || !reference.StartsWith(SchemaRefPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = reference.Substring(SchemaRefPrefix.Length);
        return Child(_schemas, name) is YamlMappingNode schema ? (name, schema) : null;
    }

    private static HashSet<string> RequiredSet(YamlMappingNode schema) =>
        new((Child(schema, "required") as YamlSequenceNode)?.Children.Select(Scalar).OfType<string>() ?? Enumerable.Empty<string>(), StringComparer.Ordinal);

    private string? RequiredScalar(YamlMappingNode map, string key, string owner)
    {
        var value = Scalar(Child(map, key));
        if (string.IsNullOrWhiteSpace(value))
        {
            Report(ContractDiagnostics.IncompleteContract, map, $"'{key}' is missing on {owner}.");
            return null;
        }

        return value;
    }

    private static YamlNode? Child(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    private void Report(ContractDiagnostic descriptor, YamlNode? node, params string[] args) =>
        _diagnostics.Add(new DiagnosticInfo(descriptor, args.ToEquatableArray(), _path, node is null ? null : Span(node.Start, node.End)));

    private static SourceSpan Span(Mark start, Mark end) => new(
        (int)start.Line - 1,
        (int)start.Column - 1,
        (int)end.Line - 1,
        (int)end.Column - 1,
        (int)start.Index,
        (int)Math.Max(start.Index, end.Index));
}
