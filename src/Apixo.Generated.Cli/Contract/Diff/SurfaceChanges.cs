using Apixo.Generated.Cli.Surface;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Cli.Contract.Diff.YamlNodes;

namespace Apixo.Generated.Cli.Contract.Diff;

/// <summary>
/// The generated C# surface's changes as report lines beside the wire and model changes: one line per
/// <see cref="SurfaceChange"/>, its kind from what it does to code built against the old package, placed on the YAML line
/// that generates the symbol where one does (a schema, a property, an operation), else on the document's first line.
/// </summary>
internal static class SurfaceChanges
{
    /// <summary>The prefix of every surface line's <see cref="ContractChange.Where"/>: what follows is a C# symbol.</summary>
    public const string Prefix = "C# ";

    /// <summary>The report lines of <paramref name="comparison"/>'s changes, and of the errors that kept the new contract from generating a client.</summary>
    public static IReadOnlyList<ContractChange> Of(SurfaceComparison comparison, ContractFile before, ContractFile after)
    {
        var lines = new List<ContractChange>();
        foreach (var change in comparison.Changes)
        {
            var kind = change.Breaking ? ChangeKind.Breaking
                : change.Kind == SurfaceChangeKind.Added ? ChangeKind.Additive
                : ChangeKind.Cosmetic;
            var what = change.Kind switch
            {
                SurfaceChangeKind.Added => $"added: {change.New}",
                SurfaceChangeKind.Removed => $"removed: {change.Old}",
                _ when change.Breaking => $"changed: {change.Old} → {change.New}",
                _ => $"constant's value changed (code built against the old package keeps the old one): {change.Old} → {change.New}",
            };
            // A removed symbol, or one renamed (its old name is gone from the new file), is placed in the old file.
            var line = change.Kind != SurfaceChangeKind.Removed && Source(after, change.Symbol) is { } node ? ChangeLine.New(node)
                : change.Kind != SurfaceChangeKind.Added && Source(before, change.Symbol) is { } old ? ChangeLine.Old(old, NearestInNew(after, change.Symbol))
                : ChangeLine.Top;
            lines.Add(new(kind, Prefix + change.Symbol, what, line));
        }

        // The new contract does not generate a client: every caller's build breaks. Our generator's errors are the model
        // diff's already (a diagnostic the new contract adds); NSwag's and the compiler's only the surface finds. An error
        // of the old contract's only means the surface could not be compared (the command says so).
        foreach (var error in comparison.Diagnostics.Where(diagnostic => diagnostic.IsError && diagnostic.Side == SurfaceSide.New && !diagnostic.Id.StartsWith("APX", StringComparison.Ordinal)))
        {
            var line = ChangeLine.Top;
            lines.Add(new(ChangeKind.Breaking, $"{Prefix}client", $"the new contract does not generate a client: {error.Stage} {error.Id}: {error.Message}", line));
        }

        return lines;
    }

    // What still holds a symbol gone from the new file: its schema, for a property.
    private static YamlNode? NearestInNew(ContractFile after, string symbol)
    {
        var parts = symbol.Split('(')[0].Split('.');
        return parts.Length >= 2 ? after.SchemaKey(parts[^2]) : null;
    }

    /// <summary>
    /// The YAML node that generates <paramref name="symbol"/> in <paramref name="file"/>, when it can be told from the
    /// names: a schema for a DTO, one of its properties for a DTO's property, an operation for a method of the Refit
    /// interface. The generator's own types (builders, tables) have no single source line.
    /// </summary>
    private static YamlNode? Source(ContractFile file, string symbol)
    {
        var parameters = symbol.IndexOf('(', StringComparison.Ordinal);
        var parts = (parameters < 0 ? symbol : symbol[..parameters]).Split('.');
        var owner = parts.Length >= 2 ? file.Schema(parts[^2]) : null;

        // A DTO's property first: TaskStatusData.FailCode is the property, not the FailCode schema it is typed with.
        if (Pairs(Child(owner, "properties")).FirstOrDefault(property => Pascal(property.Name) == parts[^1]).Key is { } property)
        {
            return property;
        }

        if (TypeSource(file, parts[^1]) is { } type)
        {
            return type;
        }

        if (owner is not null)
        {
            // An enum's member (its C# names are x-enumNames, else the values), or a member of the type itself.
            return KeyNode(owner, "x-enumNames") ?? KeyNode(owner, "enum") ?? file.SchemaKey(parts[^2]);
        }

        if (parts.Length >= 2 && TypeSource(file, parts[^2]) is { } container)
        {
            return container;
        }

        return file.Operations.Values
            .Where(operation => ContractFile.MethodName(operation.Node) == parts[^1])
            .Select(operation => KeyNode(operation.Node, "operationId"))
            .FirstOrDefault();
    }

    // A type named after a schema: the schema's DTO or enum, its generated table (AspectRatioValues), an open enum's
    // converter, the JSON context's property of that name (NullableX for X?); or an inline schema's type, which NSwag names after the
    // schema and the property that hold it (TaskStatusDataState): that property.
    private static YamlNode? TypeSource(ContractFile file, string name)
    {
        // The JSON context names a nullable value type's metadata NullableX.
        if (name.StartsWith("Nullable", StringComparison.Ordinal) && name.Length > "Nullable".Length && TypeSource(file, name["Nullable".Length..]) is { } underlying)
        {
            return underlying;
        }

        foreach (var suffix in TypeSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && file.SchemaKey(name[..^suffix.Length]) is { } schema)
            {
                return schema;
            }
        }

        return Pairs(file.Schemas)
            .SelectMany(schema => Pairs(Child(schema.Value, "properties")).Select(property => (Type: schema.Name + Pascal(property.Name), property.Key)))
            .FirstOrDefault(inline => TypeSuffixes.Any(suffix => name == inline.Type + suffix)).Key;
    }

    private static readonly string[] TypeSuffixes = [string.Empty, "Values", "JsonConverter"];

    // NSwag's C# names: the JSON name with its first letter upper-cased and what is not a letter or digit dropped, each
    // dropped character upper-casing the next.
    private static string Pascal(string name)
    {
        var chars = new List<char>(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            chars.Add(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return new string([.. chars]);
    }
}
