using System.Globalization;
using System.Net;
using System.Text;
using Apixo.Generated.Batches;

namespace Apixo.Generated.Cli;

/// <summary>
/// <c>index.html</c> beside a batch's images: one static page, no script at all, each line as a card with its image (or
/// its failure: fail code, message and the contract's advice), prompt, id, resolution and outcome. Every string is
/// HTML-encoded and every image is a relative link to a file in the folder, so the page works opened from disk.
/// </summary>
internal static class BatchGallery
{
    public const string FileName = "index.html";

    public static string Write(OutputFolder folder, IReadOnlyList<BatchItem> items, IReadOnlyList<BatchItemOutcome> outcomes)
    {
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
            .failed, .unknown, .refused, .not-submitted, .pending, .not-saved { border-color: #c33; }
            .code { font-weight: bold; color: #a11; }
            </style>
            </head>
            <body>

            """);
        page.Append(CultureInfo.InvariantCulture, $"<h1>Batch: {items.Count} lines, {outcomes.Count(o => o.Kind == BatchOutcomeKind.Succeeded)} succeeded, cost {Encode(BatchReport.Money(outcomes.Sum(o => o.Cost)))}</h1>\n<main>\n");
        foreach (var item in items)
        {
            byId.TryGetValue(item.Id, out var outcome);
            var kind = outcome is null ? "missing" : BatchOutcomes.Name(outcome.Kind);
            page.Append(CultureInfo.InvariantCulture, $"<figure class=\"{kind}\" data-id=\"{Encode(item.Id)}\" data-outcome=\"{kind}\">\n");
            foreach (var file in outcome?.Files ?? [])
            {
                // Files are always directly inside the folder (OutputFolder): the name alone is the relative link.
                page.Append(CultureInfo.InvariantCulture, $"<img src=\"{Encode(Uri.EscapeDataString(Path.GetFileName(file)))}\" alt=\"{Encode(item.Request.Input.Prompt)}\" loading=\"lazy\">\n");
            }

            page.Append("<figcaption>\n");
            page.Append(CultureInfo.InvariantCulture, $"<div><b>{Encode(item.Id)}</b> · {Encode(ResolutionValues.ToWire(item.Request.Input.Resolution ?? ResolutionValues.Default))} · <span class=\"outcome\">{kind}</span></div>\n");
            page.Append(CultureInfo.InvariantCulture, $"<div class=\"prompt\">{Encode(Cut(item.Request.Input.Prompt, 600))}</div>\n");
            if (outcome?.FailCode is { } code)
            {
                page.Append(CultureInfo.InvariantCulture, $"<div class=\"failure\"><span class=\"code\">{Encode(code)}</span> {Encode(Cut(outcome.FailMessage ?? string.Empty, 600))}<br>{Encode(new FailCode(code).Advice)}</div>\n");
            }
            else if (outcome is { Kind: not BatchOutcomeKind.Succeeded, Message: { } message })
            {
                page.Append(CultureInfo.InvariantCulture, $"<div class=\"failure\">{Encode(Cut(message, 600))}</div>\n");
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

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
