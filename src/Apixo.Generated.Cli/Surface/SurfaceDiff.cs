namespace Apixo.Generated.Cli.Surface;

/// <summary>
/// Compares two public surfaces. One change is one line: a type added or removed is one line, not one per member; a
/// member whose name has one declaration on each side and whose declaration differs is one "changed" line (old → new);
/// overloads are matched by their parameter types; and a member renamed (the one member removed from a type and the
/// one added to it whose declarations differ only in the name, such as an enum member of the same value) is one
/// "changed" line under its old name.
/// </summary>
internal static class SurfaceDiff
{
    public static IReadOnlyList<SurfaceChange> Compare(IReadOnlyDictionary<string, SurfaceType> before, IReadOnlyDictionary<string, SurfaceType> after)
    {
        var changes = new List<SurfaceChange>();
        foreach (var name in before.Keys.Union(after.Keys))
        {
            var old = before.GetValueOrDefault(name);
            var @new = after.GetValueOrDefault(name);
            if (old is null)
            {
                changes.Add(new(SurfaceChangeKind.Added, name, null, @new!.Declaration, Breaking: false));
            }
            else if (@new is null)
            {
                changes.Add(new(SurfaceChangeKind.Removed, name, old.Declaration, null, Breaking: true));
            }
            else
            {
                if (old.Declaration != @new.Declaration)
                {
                    changes.Add(new(SurfaceChangeKind.Changed, name, old.Declaration, @new.Declaration, Breaking: true));
                }

                var memberChanges = new List<SurfaceChange>();
                CompareMembers(name, old.Members, @new.Members, memberChanges);
                PairRenames(old.Members, @new.Members, memberChanges);
                changes.AddRange(memberChanges);
            }
        }

        return changes
            .OrderBy(change => change.Symbol, StringComparer.Ordinal)
            .ThenBy(change => change.Kind)
            .ThenBy(change => change.Old ?? change.New, StringComparer.Ordinal)
            .ToList();
    }

    private static void CompareMembers(string type, IReadOnlyList<SurfaceMember> before, IReadOnlyList<SurfaceMember> after, List<SurfaceChange> changes)
    {
        var oldByName = before.ToLookup(member => member.Name, StringComparer.Ordinal);
        var newByName = after.ToLookup(member => member.Name, StringComparer.Ordinal);
        foreach (var name in before.Select(member => member.Name).Union(after.Select(member => member.Name), StringComparer.Ordinal))
        {
            var olds = oldByName[name].ToList();
            var news = newByName[name].ToList();
            if (olds.Count == 1 && news.Count == 1)
            {
                // One declaration each side: the same member, whatever its parameters became.
                if (olds[0].Declaration != news[0].Declaration)
                {
                    changes.Add(new(SurfaceChangeKind.Changed, $"{type}.{name}", olds[0].Declaration, news[0].Declaration, Breaking(olds[0], news[0])));
                }

                continue;
            }

            // Overloads (or a name on one side only): the same member is the same parameter list.
            var overloaded = olds.Count > 1 || news.Count > 1;
            foreach (var old in olds)
            {
                var symbol = overloaded ? $"{type}.{name}{old.Parameters}" : $"{type}.{name}";
                var match = news.FirstOrDefault(member => member.Parameters == old.Parameters);
                if (match is null)
                {
                    changes.Add(new(SurfaceChangeKind.Removed, symbol, old.Declaration, null, Breaking: true));
                }
                else if (match.Declaration != old.Declaration)
                {
                    changes.Add(new(SurfaceChangeKind.Changed, symbol, old.Declaration, match.Declaration, Breaking(old, match)));
                }
            }

            foreach (var added in news.Where(member => olds.All(old => old.Parameters != member.Parameters)))
            {
                var symbol = overloaded ? $"{type}.{name}{added.Parameters}" : $"{type}.{name}";
                changes.Add(new(SurfaceChangeKind.Added, symbol, null, added.Declaration, Breaking: added.MustBeProvided));
            }
        }
    }

    // Of a type's removed and added members, a removed one and an added one with the same declaration but the name,
    // and no other removed or added member of that shape, are the same member renamed.
    private static void PairRenames(IReadOnlyList<SurfaceMember> before, IReadOnlyList<SurfaceMember> after, List<SurfaceChange> changes)
    {
        string ShapeBefore(SurfaceChange change) => before.First(member => member.Declaration == change.Old).Unnamed;
        string ShapeAfter(SurfaceChange change) => after.First(member => member.Declaration == change.New).Unnamed;

        var removed = changes.Where(change => change.Kind == SurfaceChangeKind.Removed).ToList();
        var added = changes.Where(change => change.Kind == SurfaceChangeKind.Added).ToList();
        foreach (var gone in removed)
        {
            var shape = ShapeBefore(gone);
            var candidates = added.Where(change => ShapeAfter(change) == shape).ToList();
            if (candidates is [var renamed] && removed.Count(other => ShapeBefore(other) == shape) == 1)
            {
                changes.Remove(gone);
                changes.Remove(renamed);
                changes.Add(new(SurfaceChangeKind.Changed, gone.Symbol, gone.Old, renamed.New, Breaking: true));
            }
        }
    }

    // A constant whose value alone changed (a description, a currency) breaks nothing built against the old package:
    // that code copied the old value into itself and keeps it until rebuilt. An enum member's value is not such a
    // constant: it is what old code sends and the new package reads. Every other change is breaking.
    private static bool Breaking(SurfaceMember old, SurfaceMember @new) =>
        old.Constant is null || old.Constant != @new.Constant;
}
