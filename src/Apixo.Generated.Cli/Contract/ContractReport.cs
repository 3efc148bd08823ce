using System.Text;
using System.Text.Json;

namespace Apixo.Generated.Cli.Contract;

/// <summary>Prints the changes of <c>apixo contract diff</c> as text, markdown or JSON.</summary>
internal static class ContractReport
{
    public static void Write(TextWriter output, IReadOnlyList<ContractChange> changes, string format)
    {
        var verdict = ContractDiff.Verdict(changes);
        var ordered = changes.OrderByDescending(c => c.Kind).ThenBy(c => c.Where, StringComparer.Ordinal).ToList();
        switch (format)
        {
            case "json":
                using (var buffer = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                    {
                        writer.WriteStartObject();
                        writer.WriteString("verdict", verdict);
                        writer.WriteBoolean("breaking", verdict == "major");
                        writer.WriteStartArray("changes");
                        foreach (var change in ordered)
                        {
                            writer.WriteStartObject();
                            writer.WriteString("kind", change.Kind.ToString().ToLowerInvariant());
                            writer.WriteString("where", change.Where);
                            writer.WriteString("what", change.What);
                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }

                    output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
                }

                break;
            case "markdown":
                output.WriteLine($"**Verdict: {verdict}** ({Summary(changes)})");
                output.WriteLine();
                if (ordered.Count > 0)
                {
                    output.WriteLine("| Kind | Where | What |");
                    output.WriteLine("|---|---|---|");
                    foreach (var change in ordered)
                    {
                        output.WriteLine($"| {change.Kind.ToString().ToLowerInvariant()} | `{change.Where}` | {change.What.Replace("|", "\\|", StringComparison.Ordinal)} |");
                    }
                }

                break;
            default:
                foreach (var change in ordered)
                {
                    output.WriteLine($"{change.Kind.ToString().ToUpperInvariant(),-9} {change.Where}: {change.What}");
                }

                output.WriteLine($"Verdict: {verdict} ({Summary(changes)})");
                break;
        }
    }

    private static string Summary(IReadOnlyList<ContractChange> changes) =>
        $"{changes.Count(c => c.Kind == ChangeKind.Breaking)} breaking, {changes.Count(c => c.Kind == ChangeKind.Additive)} additive, {changes.Count(c => c.Kind == ChangeKind.Cosmetic)} cosmetic";
}
