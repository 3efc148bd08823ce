using System.Globalization;
using System.Text;
using System.Text.Json;
using Apixo.Generated.Cli.Contract.Diff;

namespace Apixo.Generated.Cli.Contract;

/// <summary>
/// What <c>apixo contract diff</c> found.
/// </summary>
/// <param name="Changes">The wire and model changes.</param>
/// <param name="OldName">The name the report gives the old contract (a path, or <c>ref:path</c>).</param>
/// <param name="NewName">The name the report gives the new contract.</param>
/// <param name="Surface">The generated C# surface's changes, when the surface comparison ran.</param>
/// <param name="SurfaceCheck">How the surface comparison went, when it ran.</param>
internal sealed record ContractReview(
    IReadOnlyList<ContractChange> Changes,
    string OldName,
    string NewName,
    IReadOnlyList<ContractChange>? Surface = null,
    SurfaceCheck? SurfaceCheck = null)
{
    public Verdict Verdict => Verdicts.Of(Changes, Surface);

    public IEnumerable<ContractChange> All => Surface is null ? Changes : Changes.Concat(Surface);
}

/// <summary>How the generated-surface comparison went: whether both clients were made, how long it took, and why not.</summary>
/// <param name="Compared">Both contracts generated a client, and their public surfaces were compared.</param>
/// <param name="Elapsed">Both generations, both compilations and the comparison.</param>
/// <param name="Problems">Why a side could not be compared (the old contract's errors; the new one's are breaking changes).</param>
internal sealed record SurfaceCheck(bool Compared, TimeSpan Elapsed, IReadOnlyList<string> Problems)
{
    /// <summary>One line for the text reports.</summary>
    public string Describe() => Compared
        ? string.Create(CultureInfo.InvariantCulture, $"Generated C# surface: both clients generated and compared in {Elapsed.TotalSeconds:0.0} s.")
        : string.Create(CultureInfo.InvariantCulture, $"Generated C# surface: not compared ({Elapsed.TotalSeconds:0.0} s): {string.Join("; ", Problems)}");
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
                if (review.SurfaceCheck is { } markdownCheck)
                {
                    output.WriteLine(markdownCheck.Describe());
                    output.WriteLine();
                }

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

                WriteCheck(output, review);
                output.WriteLine($"Verdict: {verdict} ({Summary(ordered)})");
                break;
            default:
                foreach (var change in ordered)
                {
                    output.WriteLine($"{Kind(change).ToUpperInvariant(),-9} {change.Where}: {change.What} ({Place(review, change)})");
                }

                WriteCheck(output, review);
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
            if (review.SurfaceCheck is { } check)
            {
                writer.WriteStartObject("surfaceCheck");
                writer.WriteBoolean("compared", check.Compared);
                writer.WriteNumber("seconds", Math.Round(check.Elapsed.TotalSeconds, 2));
                writer.WriteStartArray("problems");
                foreach (var problem in check.Problems)
                {
                    writer.WriteStringValue(problem);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

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

    private static void WriteCheck(TextWriter output, ContractReview review)
    {
        if (review.SurfaceCheck is { } check)
        {
            output.WriteLine(check.Describe());
        }
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
