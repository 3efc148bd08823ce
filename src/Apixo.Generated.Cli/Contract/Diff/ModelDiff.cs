using Apixo.Generated.Contract.Model;
using Apixo.Generated.Contract.Reading;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Cli.Contract.Diff.YamlNodes;

namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>
/// What the generator makes of the contract, compared on its typed model (<see cref="ContractReader"/>, the one reader
/// the generator itself uses): modes and their builders, enum member names, fail codes, HTTP errors, prices, polling,
/// the service's facts and callback delivery. A renamed member is breaking; a table value that changes keeps every
/// member and changes what the client does, so it is additive (minor) and says old → new. Each change's line is found
/// in the YAML, since the model holds no positions.
/// </summary>
internal sealed partial class ModelDiff
{
    private readonly ContractModel _old;
    private readonly ContractModel _new;
    private readonly ContractFile _oldFile;
    private readonly ContractFile _newFile;
    private readonly List<ContractChange> _changes = [];

    private ModelDiff(ContractModel before, ContractModel after, ContractFile oldFile, ContractFile newFile)
    {
        _old = before;
        _new = after;
        _oldFile = oldFile;
        _newFile = newFile;
    }

    /// <summary>The changes, and the component schemas they name in their own words (a mode's input schema).</summary>
    public static (IReadOnlyList<ContractChange> Changes, IReadOnlySet<string> Claimed) Compare(string oldPath, string oldYaml, ContractFile oldFile, string newPath, string newYaml, ContractFile newFile)
    {
        var before = ContractReader.Read(oldPath, oldYaml);
        var after = ContractReader.Read(newPath, newYaml);
        var changes = new List<ContractChange>();
        var known = before.Diagnostics.Select(d => d.Id + d.Message).ToHashSet(StringComparer.Ordinal);
        foreach (var diagnostic in after.Diagnostics.Where(d => !known.Contains(d.Id + d.Message)))
        {
            // The build of the new contract reports it: as an error it stops the package from building at all.
            changes.Add(new(ChangeKind.Breaking, "(generator)", $"{diagnostic.Id}: {diagnostic.Message}", diagnostic.Span is { } span ? new(span.StartLine + 1, false, span.StartLine + 1) : ChangeLine.Top));
        }

        if (before.Model is null || after.Model is null)
        {
            return (changes, new HashSet<string>());
        }

        var diff = new ModelDiff(before.Model, after.Model, oldFile, newFile);
        diff.CompareModelName();
        diff.CompareModes();
        diff.CompareEnums();
        diff.CompareFailCodes();
        diff.CompareHttpErrors();
        diff.ComparePricing();
        diff.ComparePolling();
        diff.CompareService();
        diff.CompareCallbackDelivery();
        changes.AddRange(diff._changes);
        var claimed = before.Model.Modes.Select(m => m.InputTypeName).Concat(after.Model.Modes.Select(m => m.InputTypeName))
            .Where(name => before.Model.Modes.All(m => m.InputTypeName != name) || after.Model.Modes.All(m => m.InputTypeName != name))
            .ToHashSet(StringComparer.Ordinal);
        return (changes, claimed);
    }

    private void Add(ChangeKind kind, string where, string what, ChangeLine line) => _changes.Add(new(kind, where, what, line));

    /// <summary>The line of <paramref name="key"/> in the first mapping of each file that <paramref name="find"/> gives.</summary>
    private ChangeLine Line(Func<YamlNode, YamlNode?> find, string? key = null)
    {
        var inNew = find(_newFile.Root);
        var inOld = find(_oldFile.Root);
        return key is null
            ? inNew is not null ? ChangeLine.New(inNew) : inOld is not null ? ChangeLine.Old(inOld, _newFile.Root) : ChangeLine.Top
            : KeyNode(inNew, key) is { } newKey ? ChangeLine.New(newKey)
            : KeyNode(inOld, key) is { } oldKey ? ChangeLine.Old(oldKey, inNew ?? _newFile.Root)
            : inNew is not null ? ChangeLine.New(inNew) : ChangeLine.Top;
    }

    /// <summary>The line of something removed: in the old file, anchored on <paramref name="anchor"/> of the new one.</summary>
    private ChangeLine Removed(Func<YamlNode, YamlNode?> find, Func<YamlNode, YamlNode?> anchor) =>
        find(_oldFile.Root) is { } inOld ? ChangeLine.Old(inOld, anchor(_newFile.Root)) : ChangeLine.Top;

    private static YamlMappingNode? Entry(YamlNode root, string listKey, string idKey, string id) =>
        (Child(Holding(root, listKey), listKey) as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().FirstOrDefault(e => Scalar(Child(e, idKey)) == id);

    private void CompareModelName()
    {
        if (_old.ModelTypeName != _new.ModelTypeName)
        {
            Add(ChangeKind.Breaking, "x-apixo-model", $"`{_old.ModelTypeName}` → `{_new.ModelTypeName}`: every generated builder and table type is renamed", Line(root => root, "x-apixo-model"));
        }
    }

    private void CompareModes()
    {
        var prefix = _new.ModelTypeName;
        YamlMappingNode? ModeEntry(YamlNode root, string mode) => Entry(root, "x-apixo-modes", "mode", mode);
        foreach (var added in _new.Modes.Where(m => _old.Modes.All(o => o.Mode != m.Mode)))
        {
            Add(ChangeKind.Additive, $"mode `{added.Mode}`", $"mode `{added.Mode}` added: builder `{prefix}.{Names.Pascal(added.Mode)}(…)` ({added.BuilderName}, from schema {added.InputTypeName})", Line(root => ModeEntry(root, added.Mode)));
        }

        foreach (var removed in _old.Modes.Where(m => _new.Modes.All(n => n.Mode != m.Mode)))
        {
            Add(ChangeKind.Breaking, $"mode `{removed.Mode}`", $"mode `{removed.Mode}` removed: builder `{_old.ModelTypeName}.{Names.Pascal(removed.Mode)}(…)` and its type {removed.BuilderName} are gone", Removed(root => ModeEntry(root, removed.Mode), root => Holding(root, "x-apixo-modes")));
        }

        foreach (var mode in _new.Modes)
        {
            if (_old.Modes.FirstOrDefault(o => o.Mode == mode.Mode) is not { } old)
            {
                continue;
            }

            if (old.InputTypeName != mode.InputTypeName || old.BuilderName != mode.BuilderName)
            {
                Add(ChangeKind.Breaking, $"mode `{mode.Mode}`", $"now built from schema {mode.InputTypeName} (was {old.InputTypeName}): builder type {old.BuilderName} → {mode.BuilderName}", Line(root => ModeEntry(root, mode.Mode), "schema"));
            }
        }
    }

    private void CompareEnums()
    {
        foreach (var after in _new.Enums)
        {
            if (_old.Enums.FirstOrDefault(e => e.TypeName == after.TypeName) is not { } before)
            {
                continue;
            }

            foreach (var member in after.Members)
            {
                if (before.Members.FirstOrDefault(m => m.Wire == member.Wire) is { } was && was.Name != member.Name)
                {
                    Add(ChangeKind.Breaking, after.TypeName, $"member `{after.TypeName}.{was.Name}` renamed `{after.TypeName}.{member.Name}` (x-enumNames; the wire value '{member.Wire}' is the same): code that names it stops compiling",
                        Line(root => EnumName(root, after.TypeName, member.Wire)));
                }
            }

            if (before.Extensible != after.Extensible)
            {
                Add(ChangeKind.Breaking, after.TypeName, after.Extensible
                    ? "becomes open (x-apixo-extensible): its generated type changes from an enum to a struct over the string"
                    : "is no longer open (x-apixo-extensible): its generated type changes from a struct to an enum, and a value it does not know fails to read",
                    Line(root => EnumSchema(root, after.TypeName, null), "x-apixo-extensible"));
            }

            CompareStates(after.TypeName, "terminal states", "x-apixo-terminal-states", before.TerminalWires, after.TerminalWires, "waiting ends on other states");
            CompareStates(after.TypeName, "success states", "x-apixo-success-states", before.SuccessWires, after.SuccessWires, "a different set of terminal states carries a result");
        }
    }

    private void CompareStates(string type, string what, string key, EquatableArray<string> before, EquatableArray<string> after, string consequence)
    {
        if (!before.SequenceEqual(after))
        {
            Add(ChangeKind.Additive, type, $"{what} [{string.Join(", ", before)}] → [{string.Join(", ", after)}]: {consequence} (the wire is the same, the behaviour is not)", Line(root => Holding(root, key), key));
        }
    }

    /// <summary>The x-enumNames entry of <paramref name="wire"/>.</summary>
    private static YamlNode? EnumName(YamlNode root, string typeName, string wire)
    {
        var schema = EnumSchema(root, typeName, wire);
        var index = Values(Child(schema, "enum")).IndexOf(wire);
        return Child(schema, "x-enumNames") is YamlSequenceNode names && index >= 0 && index < names.Children.Count ? names.Children[index] : KeyNode(schema, "x-enumNames");
    }

    /// <summary>The schema of an enum: the component of that name, else the first schema whose values hold <paramref name="wire"/>.</summary>
    private static YamlMappingNode? EnumSchema(YamlNode root, string typeName, string? wire) =>
        Child(Child(Child(root, "components"), "schemas"), typeName) as YamlMappingNode
        ?? AllHolding(root, "x-enumNames").FirstOrDefault(s => wire is null || Values(Child(s, "enum")).Contains(wire));
}
