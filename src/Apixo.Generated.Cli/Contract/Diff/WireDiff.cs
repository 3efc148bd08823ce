using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Cli.Contract.Diff.YamlNodes;

namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>
/// The wire shape, compared structurally: operations, parameters, bodies, responses and their headers, schemas,
/// servers and security. Which side of the wire a schema is on decides: a request may not ask more of the client (a new
/// required field, a narrower limit, a removed value), and a response may not give the client something it cannot read
/// (a new value of a strict enum, a field removed or no longer required). Schemas are compared resolved, so a
/// <c>$ref</c> swapped for the same schema inline is not a wire change; the generated type it names may be.
/// </summary>
internal sealed partial class WireDiff
{
    private readonly ContractFile _old;
    private readonly ContractFile _new;
    private readonly IReadOnlySet<string> _claimed;
    private readonly HashSet<string> _request;
    private readonly HashSet<string> _response;
    private readonly List<ContractChange> _changes = [];

    // claimed: component schemas the model diff reports in its own words (a mode's input schema).
    private WireDiff(ContractFile before, ContractFile after, IReadOnlySet<string> claimed)
    {
        _old = before;
        _new = after;
        _claimed = claimed;
        (_request, _response) = before.Sides();
        var (request, response) = after.Sides();
        _request.UnionWith(request);
        _response.UnionWith(response);
    }

    public static IReadOnlyList<ContractChange> Compare(ContractFile before, ContractFile after, IReadOnlySet<string> claimed)
    {
        var diff = new WireDiff(before, after, claimed);
        diff.CompareOperations();
        diff.CompareSchemas();
        diff.CompareComponentResponses();
        diff.CompareWhole("servers", ChangeKind.Breaking, "the server address changed: every call goes elsewhere");
        diff.CompareWhole("components/securitySchemes", ChangeKind.Breaking, "the security scheme changed: how every call proves who it is");
        return diff._changes;
    }

    private void Add(ChangeKind kind, string where, string what, ChangeLine line) => _changes.Add(new(kind, where, what, line));

    /// <summary>The line of <paramref name="key"/> in the new mapping, else in the old one, else the anchor's.</summary>
    private static ChangeLine LineOf(YamlNode? before, YamlNode? after, string key, YamlNode anchor) =>
        KeyNode(after, key) is { } inNew ? ChangeLine.New(inNew)
        : KeyNode(before, key) is { } inOld ? ChangeLine.Old(inOld, anchor)
        : ChangeLine.New(anchor);

    private void CompareWhole(string path, ChangeKind kind, string what)
    {
        YamlNode? At(ContractFile file) => path.Split('/').Aggregate((YamlNode?)file.Root, Child);
        YamlNode? KeyAt(ContractFile file)
        {
            var steps = path.Split('/');
            return KeyNode(steps[..^1].Aggregate((YamlNode?)file.Root, Child), steps[^1]);
        }

        if (Shape(At(_old)) != Shape(At(_new)))
        {
            Add(kind, path, what, KeyAt(_new) is { } key ? ChangeLine.New(key) : KeyAt(_old) is { } old ? ChangeLine.Old(old, _new.Root) : ChangeLine.Top);
        }
    }
}
