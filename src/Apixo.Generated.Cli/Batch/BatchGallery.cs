using System.Globalization;
using System.Net;
using System.Text;
using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>
/// <c>index.html</c> beside a batch's images: one static page, no script at all, each line as a card with its image (or
/// its failure: fail code, message and the contract's advice), prompt, id, resolution and outcome. Every string is
/// HTML-encoded, with the key masked as in results.jsonl, and every image is a relative link to a file in the folder, so
/// the page works opened from disk.
/// </summary>
internal static class BatchGallery
{
    public const string FileName = "index.html";

    public static string Write(OutputFolder folder, IReadOnlyList<BatchItem> items, IReadOnlyList<BatchItemOutcome> outcomes, Secrets? secrets)
    {
        // Server text (and the user's, which may hold a pasted key) goes through the same mask as results.jsonl's.
        string Text(string text, int max = 600) => WebUtility.HtmlEncode(secrets is null ? Cut(text, max) : secrets.Redact(Cut(text, max)));

        var byId = outcomes.ToDictionary(outcome => outcome.Id, StringComparer.Ordinal);
        var page = new StringBuilder();
        page.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self'; style-src 'unsafe-inline'">
            <title>apixo batch</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5rem; background: #f6f6f4; }
            main { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1rem; }
            figure { margin: 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .6rem; }
            figure img { width: 100%; height: auto; display: block; }
            figcaption { font-size: .85rem; margin-top: .4rem; overflow-wrap: anywhere; }
            .failed, .unknown, .refused, .not-submitted, .pending, .not-saved, .missing { border-color: #c33; }
            .failure { margin-top: .4rem; }
            .code { font-weight: bold; color: #a11; }
            .advice { font-style: italic; }
            </style>
            </head>
            <body>

            """);
        page.Append(CultureInfo.InvariantCulture, $"<h1>Batch: {items.Count} lines, {outcomes.Count(o => o.Kind == BatchOutcomeKind.Succeeded)} succeeded, cost {Text(BatchReport.Money(outcomes.Sum(o => o.Cost)))}</h1>\n<main>\n");
        foreach (var item in items)
        {
            byId.TryGetValue(item.Id, out var outcome);
            var kind = outcome is null ? "missing" : BatchOutcomes.Name(outcome.Kind);
            var prompt = item.Request.Input.Prompt;
            page.Append(CultureInfo.InvariantCulture, $"<figure class=\"{kind}\" data-id=\"{Text(item.Id, int.MaxValue)}\" data-outcome=\"{kind}\">\n");
            foreach (var file in outcome?.Files ?? [])
            {
                // Files are always directly inside the folder (OutputFolder): the name alone is the relative link.
                page.Append(CultureInfo.InvariantCulture, $"<img src=\"{WebUtility.HtmlEncode(Uri.EscapeDataString(Path.GetFileName(file)))}\" alt=\"{Text(prompt)}\" loading=\"lazy\">\n");
            }

            page.Append("<figcaption>\n");
            page.Append(CultureInfo.InvariantCulture, $"<div><b class=\"id\">{Text(item.Id, int.MaxValue)}</b> · <span class=\"resolution\">{Text(ResolutionValues.ToWire(item.Request.Input.Resolution ?? ResolutionValues.Default))}</span> · <span class=\"outcome\">{kind}</span></div>\n");
            page.Append(CultureInfo.InvariantCulture, $"<div class=\"prompt\">{Text(prompt)}</div>\n");
            if (outcome?.FailCode is { } code)
            {
                page.Append(CultureInfo.InvariantCulture, $"<div class=\"failure\"><span class=\"code\">{Text(code)}</span> <span class=\"message\">{Text(outcome.FailMessage ?? string.Empty)}</span><div class=\"advice\">{Text(new FailCode(code).Advice)}</div></div>\n");
            }
            else if (outcome is { Kind: not BatchOutcomeKind.Succeeded, Message: { } message })
            {
                page.Append(CultureInfo.InvariantCulture, $"<div class=\"failure\"><span class=\"message\">{Text(message)}</span></div>\n");
            }

            page.Append("</figcaption>\n</figure>\n");
        }

        page.Append("</main>\n</body>\n</html>\n");
        var path = Path.Combine(folder.FullPath, FileName);
        var temporary = Path.Combine(folder.FullPath, $".{FileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, page.ToString(), new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    // Never between the two halves of a surrogate pair: a lone half would show as U+FFFD.
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return string.Concat(text.AsSpan(0, length), "…");
    }
}
