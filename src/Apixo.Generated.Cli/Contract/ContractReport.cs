using System.Text;
using System.Text.Json;
using Apixo.Generated.Cli.Contract.Diff;

namespace Apixo.Generated.Cli.Contract;

/// <summary>
/// What <c>apixo contract diff</c> found: the wire and model changes, and the generated C# surface's changes when a
/// surface diff ran (empty otherwise), with the names the report gives the two files.
/// </summary>
internal sealed record ContractReview(IReadOnlyList<ContractChange> Changes, string OldName, string NewName, IReadOnlyList<ContractChange>? Surface = null)
{
    public Verdict Verdict => Verdicts.Of(Changes, Surface);

    public IEnumerable<ContractChange> All => Surface is null ? Changes : Changes.Concat(Surface);
}

/// <summary>Prints a <see cref="ContractReview"/> as text, markdown, JSON or GitHub workflow annotations.</summary>
internal static class ContractReport
{
    public static readonly string[] Formats = ["text", "markdown", "json", "github"];

    public static void Write(TextWriter output, ContractReview review, string format)
    {
        var verdict = review.Verdict.Text();
        var ordered = review.All.OrderByDescending(c => c.Kind).ThenBy(c => c.Line.NewLine).ThenBy(c => c.Where, StringComparer.Ordinal).ToList();
        switch (format)
        {
            case "json":
                WriteJson(output, review, ordered);
                break;
            case "markdown":
                output.WriteLine($"**Verdict: {verdict}** ({Summary(ordered)})");
                output.WriteLine();
                if (ordered.Count > 0)
                {
                    output.WriteLine("| Kind | Where | What | Line |");
                    output.WriteLine("|---|---|---|---|");
                    foreach (var change in ordered)
                    {
                        output.WriteLine($"| {Kind(change)} | `{change.Where}` | {change.What.Replace("|", "\\|", StringComparison.Ordinal)} | {Place(review, change)} |");
                    }
                }

                break;
            case "github":
                foreach (var change in ordered)
                {
                    var level = change.Kind switch { ChangeKind.Breaking => "error", ChangeKind.Additive => "warning", _ => "notice" };
                    var what = change.Line.InOld ? $"{change.What} (removed: line {change.Line.Number} of {review.OldName})" : change.What;
                    output.WriteLine($"::{level} file={Property(review.NewName)},line={change.Line.NewLine},title={Property($"{Kind(change)}: {change.Where}")}::{Data(what)}");
                }

                output.WriteLine($"Verdict: {verdict} ({Summary(ordered)})");
                break;
            default:
                foreach (var change in ordered)
                {
                    output.WriteLine($"{Kind(change).ToUpperInvariant(),-9} {change.Where}: {change.What} ({Place(review, change)})");
                }

                output.WriteLine($"Verdict: {verdict} ({Summary(ordered)})");
                break;
        }
    }

    private static void WriteJson(TextWriter output, ContractReview review, List<ContractChange> ordered)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("verdict", review.Verdict.Text());
            writer.WriteBoolean("breaking", review.Verdict == Verdict.Major);
            writer.WriteStartArray("changes");
            foreach (var change in ordered)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", Kind(change));
                writer.WriteString("where", change.Where);
                writer.WriteString("what", change.What);
                writer.WriteString("file", change.Line.InOld ? "old" : "new");
                writer.WriteNumber("line", change.Line.Number);
                writer.WriteBoolean("surface", review.Surface?.Contains(change) ?? false);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Kind(ContractChange change) => change.Kind.ToString().ToLowerInvariant();

    private static string Place(ContractReview review, ContractChange change) => $"{(change.Line.InOld ? review.OldName : review.NewName)}:{change.Line.Number}";

    private static string Summary(List<ContractChange> changes) =>
        $"{changes.Count(c => c.Kind == ChangeKind.Breaking)} breaking, {changes.Count(c => c.Kind == ChangeKind.Additive)} additive, {changes.Count(c => c.Kind == ChangeKind.Cosmetic)} cosmetic";

    /// <summary>A workflow command's message, escaped as GitHub's toolkit does.</summary>
    private static string Data(string text) => text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A workflow command's property value (file, title), escaped as GitHub's toolkit does.</summary>
    private static string Property(string text) => Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
