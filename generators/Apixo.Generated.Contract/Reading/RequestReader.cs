using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>The submit body: its request type (async or callback), the callback URL and the rule that ties them, and where the input is.</summary>
internal sealed class RequestReader
{
    private readonly SpecDocument _spec;
    private readonly EnumReader _enums;
    private readonly FieldReader _fields;

    public RequestReader(SpecDocument spec, EnumReader enums, FieldReader fields)
    {
        _spec = spec;
        _enums = enums;
        _fields = fields;
    }

    public RequestModel? Read(YamlMappingNode submitOperation, out (string Name, YamlMappingNode Node)? inputSchema)
    {
        inputSchema = null;
        var body = Child(Child(Child(Child(submitOperation, "requestBody") as YamlMappingNode, "content") as YamlMappingNode, "application/json") as YamlMappingNode, "schema");
        var submit = _spec.ResolveSchemaRef(body);
        if (submit is null)
        {
            _spec.Report(ContractDiagnostics.IncompleteContract, body ?? submitOperation, $"The submit operation ({OperationReader.RoleKey}: submit) has no application/json request body that is a $ref to a named schema: the builders have no request to build.");
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
            _spec.Report(ContractDiagnostics.IncompleteContract, requestNode, $"Schema '{requestName}' must have the properties request_type, callback_url and input.");
            return null;
        }

        var requestTypeEnum = _enums.ReadRef(requestTypeNode, "request_type");
        var callbackField = _fields.Read("callback_url", callbackNode, "/callback_url", required.Contains("callback_url"), ownerType: requestName);
        var input = _spec.ResolveSchemaRef(inputNode);
        if (input is null)
        {
            _spec.Report(ContractDiagnostics.IncompleteContract, inputNode, $"{requestName}.input must be a $ref to the input schema.");
        }

        if (callbackField is not null and not UriFieldModel)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, callbackNode, "callback_url", "it must be a string with format uri for the builders to set it.");
        }

        string? asyncMember = null, callbackMember = null;
        if (requestTypeEnum is not null)
        {
            asyncMember = requestTypeEnum.Members.FirstOrDefault(m => m.Wire == "async")?.Name;
            callbackMember = requestTypeEnum.Members.FirstOrDefault(m => m.Wire == "callback")?.Name;
            if (asyncMember is null || callbackMember is null)
            {
                _spec.Report(ContractDiagnostics.IncompleteContract, requestTypeNode, $"Enum '{requestTypeEnum.TypeName}' of request_type must have the values async and callback.");
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

    private string? ReadRequiredWhen(YamlMappingNode requestNode, string requestName)
    {
        if (Child(requestNode, "x-apixo-required-when") is not YamlSequenceNode rules)
        {
            _spec.Report(ContractDiagnostics.IncompleteContract, requestNode, $"{requestName} has no x-apixo-required-when: the rule 'callback_url is required when request_type is callback' is missing.");
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

                _spec.Report(ContractDiagnostics.UnsupportedConstraint, when, "x-apixo-required-when", "the builders can only require callback_url when request_type is callback.");
                return null;
            }
        }

        _spec.Report(ContractDiagnostics.IncompleteContract, rules, "x-apixo-required-when does not say when callback_url is required.");
        return null;
    }
}
