using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Cli.Contract.Diff.YamlNodes;

namespace Apixo.Generated.Cli.Contract.Diff;

internal sealed partial class WireDiff
{
    private void CompareOperations()
    {
        var old = _old.Operations;
        var current = _new.Operations;
        var removed = old.Keys.Except(current.Keys).ToList();
        var added = current.Keys.Except(old.Keys).ToList();
        foreach (var name in removed)
        {
            var method = ContractFile.MethodName(old[name].Node);
            // The same operationId at another path: the method stays, the route moves.
            var moved = added.FirstOrDefault(a => method is not null && ContractFile.MethodName(current[a].Node) == method);
            if (moved is not null)
            {
                added.Remove(moved);
                Add(ChangeKind.Breaking, name, $"moved to {moved} (`{method}` keeps its name; today's package calls the old route)", ChangeLine.New(current[moved].PathKey));
                CompareOperation(moved, old[name], current[moved]);
                continue;
            }

            Add(ChangeKind.Breaking, name, method is null ? "operation removed" : $"operation removed: its generated method `{method}` is gone", ChangeLine.Old(old[name].PathKey, Child(_new.Root, "paths")));
        }

        foreach (var name in added)
        {
            var method = ContractFile.MethodName(current[name].Node);
            Add(ChangeKind.Additive, name, method is null ? "operation added" : $"operation added: method `{method}`", ChangeLine.New(current[name].PathKey));
        }

        foreach (var both in old.Keys.Intersect(current.Keys))
        {
            CompareOperation(both, old[both], current[both]);
        }
    }

    private void CompareOperation(string where, ContractFile.Operation before, ContractFile.Operation after)
    {
        var oldMethod = ContractFile.MethodName(before.Node);
        var newMethod = ContractFile.MethodName(after.Node);
        if (oldMethod != newMethod)
        {
            Add(ChangeKind.Breaking, where, $"operationId `{Scalar(Child(before.Node, "operationId"))}` → `{Scalar(Child(after.Node, "operationId"))}`: the generated method `{oldMethod}` is renamed `{newMethod}`",
                LineOf(before.Node, after.Node, "operationId", after.PathKey));
        }

        CompareParameters(where, newMethod ?? oldMethod ?? where, before.Node, after.Node);
        CompareRequestBody(where, before.Node, after.Node);
        CompareResponses(where, Child(before.Node, "responses"), Child(after.Node, "responses"), KeyNode(after.Node, "responses") ?? after.PathKey);
        CompareCallbacks(where, before.Node, after.Node);
    }

    /// <summary>
    /// The requests the service sends back (callbacks): the webhook receiver reads their bodies, so they are on the
    /// client's reading side. NSwag generates nothing from a callback: the receiver reads the body as the generated type
    /// of the same JSON, and only the JSON counts.
    /// </summary>
    private void CompareCallbacks(string where, YamlNode before, YamlNode after)
    {
        static Dictionary<string, (YamlNode Key, YamlNode Node)> Of(YamlNode operation) =>
            Pairs(Child(operation, "callbacks"))
                .SelectMany(callback => Pairs(callback.Value).SelectMany(expression => Pairs(expression.Value)
                    .Select(method => ($"callback `{callback.Name}` ({method.Name.ToUpperInvariant()} {expression.Name})", method.Key, method.Value))))
                .ToDictionary(c => c.Item1, c => (c.Key, c.Value), StringComparer.Ordinal);

        var old = Of(before);
        var current = Of(after);
        var anchor = KeyNode(after, "callbacks") ?? KeyNode(after, "operationId") ?? after;
        foreach (var name in current.Keys.Except(old.Keys))
        {
            Add(ChangeKind.Additive, where, $"{name} documented", ChangeLine.New(current[name].Key));
        }

        foreach (var name in old.Keys.Except(current.Keys))
        {
            Add(ChangeKind.Breaking, where, $"{name} no longer documented: a receiver built for it waits for requests that do not come", ChangeLine.Old(old[name].Key, anchor));
        }

        foreach (var name in old.Keys.Intersect(current.Keys))
        {
            var (oldCallback, newCallback) = (old[name].Node, current[name].Node);
            CompareContent($"{where} {name} body", Child(Child(oldCallback, "requestBody"), "content"), Child(Child(newCallback, "requestBody"), "content"),
                KeyNode(newCallback, "requestBody") ?? current[name].Key, new(Request: false, Response: true), typeRole: null);
        }
    }

    /// <summary>
    /// The Refit interface (generators/nswag/templates/Client.Interface.liquid) writes every parameter as a positional
    /// parameter with no default, in the contract's order: any parameter added, removed or moved changes the method's
    /// signature, so callers stop compiling and a caller built against the old package gets MissingMethodException.
    /// </summary>
    private void CompareParameters(string where, string method, YamlNode before, YamlNode after)
    {
        static List<(string Id, YamlMappingNode Node)> Of(YamlNode operation) =>
            (Child(operation, "parameters") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>()
                .Select(p => ($"{Scalar(Child(p, "in"))}:{Scalar(Child(p, "name"))}", p)).ToList() ?? [];

        var old = Of(before);
        var current = Of(after);
        var oldIds = old.Select(p => p.Id).ToList();
        var newIds = current.Select(p => p.Id).ToList();
        var anchor = KeyNode(after, "parameters") ?? after;
        foreach (var (id, node) in old.Where(p => !newIds.Contains(p.Id)))
        {
            Add(ChangeKind.Breaking, $"{where} {id}", $"parameter removed: `{method}` loses its parameter `{Scalar(Child(node, "name"))}`", ChangeLine.Old(node, anchor));
        }

        foreach (var (id, node) in current.Where(p => !oldIds.Contains(p.Id)))
        {
            var required = IsTrue(Child(node, "required"));
            Add(ChangeKind.Breaking, $"{where} {id}",
                $"{(required ? "required" : "optional")} parameter added: `{method}` gains a positional parameter `{Scalar(Child(node, "name"))}` with no default, so today's calls no longer compile (and a caller built against the old package gets MissingMethodException)",
                ChangeLine.New(node));
        }

        var kept = oldIds.Intersect(newIds).ToList();
        if (!kept.SequenceEqual(newIds.Intersect(oldIds)))
        {
            Add(ChangeKind.Breaking, where, $"parameters reordered: `{method}` takes them positionally, now ({string.Join(", ", newIds.Intersect(oldIds))})", ChangeLine.New(anchor));
        }

        foreach (var id in kept)
        {
            var oldNode = old.First(p => p.Id == id).Node;
            var newNode = current.First(p => p.Id == id).Node;
            var wasRequired = IsTrue(Child(oldNode, "required"));
            var isRequired = IsTrue(Child(newNode, "required"));
            if (wasRequired != isRequired)
            {
                Add(isRequired ? ChangeKind.Breaking : ChangeKind.Additive, $"{where} {id}", isRequired ? "parameter became required" : "parameter no longer required", LineOf(oldNode, newNode, "required", newNode));
            }

            if (Child(oldNode, "schema") is YamlMappingNode oldSchema && Child(newNode, "schema") is YamlMappingNode newSchema)
            {
                CompareSchema($"{where} {id}", oldSchema, newSchema, KeyNode(newNode, "schema")!, new(Request: true, Response: false), isRequired);
            }
        }
    }

    private void CompareRequestBody(string where, YamlNode before, YamlNode after)
    {
        var oldBody = Child(before, "requestBody");
        var newBody = Child(after, "requestBody");
        var anchor = KeyNode(after, "requestBody") ?? KeyNode(after, "operationId") ?? after;
        if (oldBody is null != newBody is null)
        {
            Add(ChangeKind.Breaking, where, newBody is null ? "request body removed" : "request body added", newBody is null ? ChangeLine.Old(KeyNode(before, "requestBody")!, anchor) : ChangeLine.New(anchor));
            return;
        }

        CompareContent($"{where} request body", Child(oldBody, "content"), Child(newBody, "content"), anchor, new(Request: true, Response: false), "the body's type");
    }

    private void CompareResponses(string where, YamlNode? before, YamlNode? after, YamlNode anchor)
    {
        var old = Pairs(before).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var current = Pairs(after).ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var status in current.Keys.Except(old.Keys))
        {
            Add(ChangeKind.Additive, where, $"response {status} documented", ChangeLine.New(current[status].Key));
        }

        foreach (var status in old.Keys.Except(current.Keys))
        {
            // Errors go by status whether documented or not: nothing generated depends on the list.
            Add(ChangeKind.Cosmetic, where, $"response {status} no longer documented", ChangeLine.Old(old[status].Key, anchor));
        }

        foreach (var status in old.Keys.Intersect(current.Keys))
        {
            var (oldResponse, newResponse) = (old[status].Value, current[status].Value);
            var oldRef = Scalar(Child(oldResponse, "$ref"));
            var newRef = Scalar(Child(newResponse, "$ref"));
            if (oldRef != newRef)
            {
                Add(ChangeKind.Breaking, where, $"response {status} now refers to `{newRef ?? "an inline response"}` (was `{oldRef ?? "an inline response"}`)", ChangeLine.New(current[status].Key));
                continue;
            }

            CompareResponse($"{where} {status}", oldResponse, newResponse, current[status].Key);
        }
    }

    /// <summary>A response (an operation's, or a reusable one in components/responses): its body and its headers.</summary>
    private void CompareResponse(string where, YamlNode before, YamlNode after, YamlNode anchor)
    {
        CompareContent(where, Child(before, "content"), Child(after, "content"), anchor, new(Request: false, Response: true), "the method's return type");
        var oldHeaders = Pairs(Child(before, "headers")).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var newHeaders = Pairs(Child(after, "headers")).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        // Headers are not generated: IApiResponse carries every header the server sends.
        foreach (var name in newHeaders.Keys.Except(oldHeaders.Keys, StringComparer.OrdinalIgnoreCase))
        {
            Add(ChangeKind.Additive, where, $"response header `{name}` documented (nothing generated: IApiResponse carries every header)", ChangeLine.New(newHeaders[name].Key));
        }

        foreach (var name in oldHeaders.Keys.Except(newHeaders.Keys, StringComparer.OrdinalIgnoreCase))
        {
            Add(ChangeKind.Cosmetic, where, $"response header `{name}` no longer documented (nothing generated reads it)", ChangeLine.Old(oldHeaders[name].Key, anchor));
        }

        foreach (var name in oldHeaders.Keys.Intersect(newHeaders.Keys, StringComparer.OrdinalIgnoreCase))
        {
            if (Shape(oldHeaders[name].Value) != Shape(newHeaders[name].Value))
            {
                Add(ChangeKind.Cosmetic, where, $"response header `{name}` changed: {Shape(oldHeaders[name].Value)} → {Shape(newHeaders[name].Value)} (nothing generated reads it)", ChangeLine.New(newHeaders[name].Key));
            }
        }
    }

    private void CompareContent(string where, YamlNode? before, YamlNode? after, YamlNode anchor, Side side, string? typeRole)
    {
        var old = Pairs(before).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var current = Pairs(after).ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var media in old.Keys.Except(current.Keys))
        {
            Add(ChangeKind.Breaking, where, $"media type `{media}` removed", ChangeLine.Old(old[media].Key, anchor));
        }

        foreach (var media in current.Keys.Except(old.Keys))
        {
            Add(ChangeKind.Breaking, where, $"media type `{media}` added (the generated method reads and writes one)", ChangeLine.New(current[media].Key));
        }

        foreach (var media in old.Keys.Intersect(current.Keys))
        {
            var oldSchema = Child(old[media].Value, "schema") as YamlMappingNode;
            var newSchema = Child(current[media].Value, "schema") as YamlMappingNode;
            var line = KeyNode(current[media].Value, "schema") ?? current[media].Key;
            if (oldSchema is null || newSchema is null)
            {
                if (oldSchema is null != newSchema is null)
                {
                    Add(ChangeKind.Breaking, where, newSchema is null ? "schema removed" : "schema added", ChangeLine.New(line));
                }

                continue;
            }

            if (!CompareReference(where, oldSchema, newSchema, line, typeRole))
            {
                CompareSchema(where, oldSchema, newSchema, line, side, required: null);
            }
        }
    }

    /// <summary>Reusable responses (components/responses), once each: their bodies and headers. Their x-apixo-error is the model diff's.</summary>
    private void CompareComponentResponses()
    {
        var old = Pairs(Child(Child(_old.Root, "components"), "responses")).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var current = Pairs(Child(Child(_new.Root, "components"), "responses")).ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var name in old.Keys.Intersect(current.Keys))
        {
            CompareResponse(name, old[name].Value, current[name].Value, current[name].Key);
        }
    }
}
