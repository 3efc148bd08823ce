using System;
using System.Collections.Generic;
using System.Linq;
using Apixo.Generated.Contract.Diagnostics;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Contract.Reading.SpecDocument;

namespace Apixo.Generated.Contract.Reading;

/// <summary>
/// The contract's string enums: members from <c>enum</c> and <c>x-enumNames</c>, the default, and the state lists
/// (x-apixo-terminal-states, x-apixo-success-states). Each enum is read once; a broken one is remembered as null.
/// </summary>
internal sealed class EnumReader
{
    private readonly SpecDocument _spec;
    private readonly Dictionary<string, EnumModel?> _enums = new(StringComparer.Ordinal);
    private readonly List<EnumModel> _inline = new();

    public EnumReader(SpecDocument spec)
    {
        _spec = spec;
    }

    /// <summary>Whether <paramref name="name"/> was read and found broken (and so already reported).</summary>
    public bool IsBroken(string name) => _enums.TryGetValue(name, out var model) && model is null;

    /// <summary>
    /// Every named string enum of the contract, then every inline one a field declared, so that hand-written code
    /// never types one of its values.
    /// </summary>
    public EquatableArray<EnumModel> ReadAll()
    {
        var enums = new List<EnumModel>();
        foreach (var pair in _spec.Schemas.Children)
        {
            if (Scalar(pair.Key) is { } name && pair.Value is YamlMappingNode schema && Child(schema, "enum") is YamlSequenceNode
                && Scalar(Child(schema, "type")) is null or "string" && Read(name, schema) is { } model)
            {
                enums.Add(model);
            }
        }

        enums.AddRange(_inline);
        return enums.ToEquatableArray();
    }

    /// <summary>
    /// An enum written inline in a field's schema. Its C# type is the one NSwag gives it, <paramref name="typeName"/>;
    /// a name some other type already has would make NSwag pick another, so it is an APX005.
    /// </summary>
    public EnumModel? ReadInline(string typeName, YamlMappingNode schema, string json)
    {
        if (Child(_spec.Schemas, typeName) is not null || _enums.ContainsKey(typeName))
        {
            _spec.Report(ContractDiagnostics.InvalidName, Child(schema, "enum") ?? schema, $"The inline enum of '{json}' would be the C# type '{typeName}', which another type already is: NSwag would rename it. Make it a named schema and refer to it with $ref.");
            return null;
        }

        var model = Read(typeName, schema);
        if (model is not null)
        {
            _inline.Add(model);
        }

        return model;
    }

    /// <summary>The enum a field's <c>$ref</c> names.</summary>
    public EnumModel? ReadRef(YamlNode node, string json)
    {
        var target = _spec.ResolveSchemaRef(node);
        if (target is null)
        {
            _spec.Report(ContractDiagnostics.IncompleteContract, node, $"{json} refers to a schema the contract does not define.");
            return null;
        }

        if (Child(target.Value.Node, "enum") is null)
        {
            _spec.Report(ContractDiagnostics.UnsupportedConstraint, node, json, $"schema '{target.Value.Name}' is not a string enum, and only enums can be referenced by a builder field.");
            return null;
        }

        return Read(target.Value.Name, target.Value.Node);
    }

    public EnumModel? Read(string name, YamlMappingNode schema)
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
            _spec.Report(ContractDiagnostics.InvalidName, Child(schema, "enum") ?? schema, $"Enum '{name}' has no x-enumNames: give each value a C# name.");
        }
        else if (namesNode.Children.Count != values.Count)
        {
            _spec.Report(ContractDiagnostics.InvalidName, namesNode, $"Enum '{name}' has {values.Count} values but {namesNode.Children.Count} x-enumNames.");
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
                    _spec.Report(ContractDiagnostics.InvalidName, namesNode.Children[i], $"'{memberName}' in x-enumNames of '{name}' is not a valid C# identifier.");
                    valid = false;
                }
                else if (!seen.Add(memberName))
                {
                    _spec.Report(ContractDiagnostics.InvalidName, namesNode.Children[i], $"'{memberName}' appears twice in x-enumNames of '{name}'.");
                    valid = false;
                }

                var wire = Scalar(values[i]) ?? string.Empty;
                if (members.Any(member => member.Wire == wire))
                {
                    _spec.Report(ContractDiagnostics.InvalidName, values[i], $"Value '{wire}' appears twice in enum '{name}'.");
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
                    _spec.Report(ContractDiagnostics.IncompleteContract, defaultNode, $"The default '{Scalar(defaultNode)}' of enum '{name}' is not one of its values.");
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
            _spec.Report(ContractDiagnostics.IncompleteContract, node, $"{key} of enum '{enumName}' must be a list of its values.");
            return null;
        }

        foreach (var item in list.Children)
        {
            var wire = Scalar(item) ?? string.Empty;
            if (!members.Any(member => member.Wire == wire))
            {
                _spec.Report(ContractDiagnostics.IncompleteContract, item, $"'{wire}' in {key} is not a value of enum '{enumName}'.");
                return null;
            }

            if (within is not null && !within.Contains(wire))
            {
                _spec.Report(ContractDiagnostics.IncompleteContract, item, $"'{wire}' in {key} of enum '{enumName}' is not one of its terminal states.");
                return null;
            }

            values.Add(wire);
        }

        return values;
    }
}
