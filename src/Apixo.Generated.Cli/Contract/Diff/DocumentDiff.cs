using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Cli.Contract.Diff.YamlNodes;

namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>
/// What the rules do not read, walked over the whole document so that nothing lands in a nameless "(document)": every
/// description, summary, title and example that changed (cosmetic, named), and every other key that changed where no
/// rule looks (a new root extension, a tag, a callback's body): named with its path, for a reader to judge.
/// </summary>
internal static class DocumentDiff
{
    public static IEnumerable<ContractChange> Compare(ContractFile before, ContractFile after)
    {
        var changes = new List<ContractChange>();
        Walk([], before.Root, after.Root, after.Root, changes);
        return changes;
    }

    private static void Walk(List<string> path, YamlNode before, YamlNode after, YamlNode anchor, List<ContractChange> changes)
    {
        switch (before, after)
        {
            case (YamlMappingNode oldMapping, YamlMappingNode newMapping) when Scalar(Child(oldMapping, "$ref")) != Scalar(Child(newMapping, "$ref")):
                // A reference swapped for another schema: the wire diff names it, and the text of either side says nothing more.
                break;
            case (YamlMappingNode oldMapping, YamlMappingNode newMapping):
                var old = Pairs(oldMapping).ToDictionary(p => p.Name, StringComparer.Ordinal);
                var current = Pairs(newMapping).ToDictionary(p => p.Name, StringComparer.Ordinal);
                foreach (var (name, key, value) in Pairs(newMapping))
                {
                    var at = path.Append(name).ToList();
                    if (!old.TryGetValue(name, out var was))
                    {
                        Report(at, "added", ChangeLine.New(key), changes);
                    }
                    else if (name == "examples" && was.Value is YamlMappingNode oldExamples && value is YamlMappingNode newExamples)
                    {
                        Examples(at, oldExamples, newExamples, key, changes);
                    }
                    else if (TextKeys.Contains(name))
                    {
                        if (Canonical(was.Value) != Canonical(value))
                        {
                            Report(at, "changed", ChangeLine.New(key), changes);
                        }
                    }
                    else
                    {
                        Walk(at, was.Value, value, key, changes);
                    }
                }

                foreach (var (name, key, _) in Pairs(oldMapping).Where(p => !current.ContainsKey(p.Name)))
                {
                    Report(path.Append(name).ToList(), "removed", ChangeLine.Old(key, anchor), changes);
                }

                break;
            case (YamlSequenceNode oldSequence, YamlSequenceNode newSequence) when oldSequence.Children.Count == newSequence.Children.Count:
                for (var i = 0; i < oldSequence.Children.Count; i++)
                {
                    Walk(path.Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), oldSequence.Children[i], newSequence.Children[i], newSequence.Children[i], changes);
                }

                break;
            default:
                if (Canonical(before) != Canonical(after))
                {
                    Report(path, "changed", ChangeLine.New(anchor), changes);
                }

                break;
        }
    }

    private static void Examples(List<string> path, YamlMappingNode before, YamlMappingNode after, YamlNode anchor, List<ContractChange> changes)
    {
        var old = Pairs(before).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var current = Pairs(after).ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var (name, key, value) in Pairs(after))
        {
            if (!old.TryGetValue(name, out var was) || Canonical(was.Value) != Canonical(value))
            {
                changes.Add(new(ChangeKind.Cosmetic, Where(path), $"example `{name}` {(was.Value is null ? "added" : "changed")}", ChangeLine.New(key)));
            }
        }

        foreach (var (name, key, _) in Pairs(before).Where(p => !current.ContainsKey(p.Name)))
        {
            changes.Add(new(ChangeKind.Cosmetic, Where(path), $"example `{name}` removed", ChangeLine.Old(key, anchor)));
        }
    }

    private static void Report(List<string> path, string how, ChangeLine line, List<ContractChange> changes)
    {
        var last = path.Count > 0 ? path[^1] : "(document)";
        if (path.Any(TextKeys.Contains))
        {
            changes.Add(new(ChangeKind.Cosmetic, Where(path), $"{(last == "example" ? "example" : last)} {how}", line));
        }
        else if (!Covered(path))
        {
            changes.Add(new(ChangeKind.Cosmetic, Where(path), $"`{last}` {how} (no rule classifies it: read it by hand)", line));
        }
    }

    /// <summary>Whether a rule of the wire or model diff reads this place (so a change there is already named by it).</summary>
    private static bool Covered(List<string> path) => path switch
    {
        ["paths", _] or ["paths", _, _] => true,
        ["paths", _, _, "operationId" or "parameters" or "requestBody" or "responses", ..] => true,
        ["paths", _, _, "callbacks"] or ["paths", _, _, "callbacks", _] or ["paths", _, _, "callbacks", _, _] or ["paths", _, _, "callbacks", _, _, _] => true,
        ["paths", _, _, "callbacks", _, _, _, "requestBody", "content", ..] => true,
        ["paths", _, _, "callbacks", .., "x-apixo-callback-delivery"] => true,
        ["paths", _, _, "callbacks", .., "x-apixo-callback-delivery", _] => true,
        ["components", "schemas", ..] or ["components", "securitySchemes", ..] or ["servers", ..] => true,
        ["components", "responses", _, "content" or "headers" or "x-apixo-error", ..] => true,
        ["x-apixo-retry-classes", ..] or ["x-apixo-model"] => true,
        _ => false,
    };

    /// <summary>A path as a reader names it: <c>GET /path responses/200</c>, <c>Schema.field</c>, <c>components/headers/RetryAfter</c>.</summary>
    private static string Where(List<string> path)
    {
        var text = path.Where(step => !TextKeys.Contains(step)).ToList();
        return text switch
        {
            ["paths", var route, var method, .. var rest] => $"{method.ToUpperInvariant()} {route}" + (rest.Count > 0 ? " " + string.Join("/", rest) : string.Empty),
            ["components", "schemas", var schema, .. var rest] => schema + Properties(rest),
            ["components", _, var name, .. var rest] => name + (rest.Count > 0 ? " " + string.Join("/", rest) : string.Empty),
            [] => "(document)",
            _ => string.Join("/", text),
        };
    }

    private static string Properties(List<string> rest)
    {
        var text = string.Empty;
        for (var i = 0; i < rest.Count; i++)
        {
            text += rest[i] == "properties" && i + 1 < rest.Count ? "." + rest[++i] : rest[i] == "items" ? "[]" : "/" + rest[i];
        }

        return text;
    }
}
