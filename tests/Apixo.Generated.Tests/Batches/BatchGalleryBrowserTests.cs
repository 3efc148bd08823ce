using System.Text.Json;
using Apixo.Generated.Batches;
using Apixo.Generated.Cli;
using Apixo.Generated.Tests.Sandbox;
using Apixo.Generated.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Apixo.Generated.Tests.Batches;

/// <summary>
/// The gallery a real <c>apixo batch</c> wrote, opened from disk (<c>file://</c>) in headless Chromium, as a person
/// opens it: what the browser loaded and shows is compared with <c>results.jsonl</c> and the requests, never with
/// strings typed here. Each test keeps a full-page screenshot in <c>TestResults/gallery/</c> at the repository root,
/// where CI keeps its test results (<c>--results-directory TestResults</c>), and prints its path.
/// </summary>
public sealed class BatchGalleryBrowserTests(HeadlessChromium chromium, ITestOutputHelper output) : IClassFixture<HeadlessChromium>, IAsyncLifetime
{
    private static readonly string Screenshots = Path.GetFullPath(Path.Combine(EmbeddedFiles.TestProjectDirectory, "..", "..", "TestResults", "gallery"));

    private readonly BatchCli _cli = new();

    public Task InitializeAsync() => _cli.StartAsync();

    public Task DisposeAsync() => _cli.DisposeAsync().AsTask();

    // What the page shows of one line: its card, read in the browser.
    private sealed record Card(string Id, string Outcome, string? ShownId, string? Resolution, string? Prompt, bool FailureVisible, string? Code, string? Message, string? Advice, Image[] Images);

    private sealed record Image(string Src, string Alt, bool Complete, int Width, int Height);

    private sealed record Page(Card[] Cards, int Scripts, int OnErrorAttributes, string[] ConsoleErrors, string[] Dialogs);

    [Fact]
    public async Task In_headless_Chromium_every_image_loads_and_every_failure_shows_its_code_message_and_advice()
    {
        var codes = FailCode.Known.Take(2).ToArray();
        var requests = new[]
        {
            $$"""{"id":"cover","prompt":"a lighthouse at dawn","resolution":"{{ResolutionValues.ToWire(Resolution.Res2K)}}"}""",
            $$"""{"prompt":"a harbour at night","aspect_ratio":"{{AspectRatioValues.ToWire(AspectRatio.Ratio16x9)}}"}""",
            $$"""{"id":"storm","prompt":"a storm [fail:{{codes[0].Value}}]"}""",
            $$"""{"id":"flood","prompt":"a flood [fail:{{codes[1].Value}}]","resolution":"{{ResolutionValues.ToWire(Resolution.Res4K)}}"}""",
            """{"id":"lost","prompt":"a submit that is never answered [drop]"}""",
            """{"id":"fog","prompt":"fog over the bay"}""",
        };

        var run = await _cli.RunAsync("batch", _cli.Requests(requests), "--out", _cli.Out);

        Assert.Equal(ExitCodes.TaskFailed, run.Exit);
        var results = _cli.Results();
        var page = await OpenAsync("index.png");
        Assert.Equal(requests.Length, results.Count);
        Assert.Equal(results.Keys.Order(StringComparer.Ordinal), page.Cards.Select(card => card.Id).Order(StringComparer.Ordinal));
        var succeeded = results.Values.Where(result => Outcome(result) == BatchOutcomeKind.Succeeded).ToList();
        var failed = results.Values.Where(result => Outcome(result) != BatchOutcomeKind.Succeeded).ToList();
        Assert.Equal(3, succeeded.Count);
        Assert.Equal(3, failed.Count);
        Assert.Equal(succeeded.Sum(result => result.GetProperty("files").GetArrayLength()), page.Cards.Sum(card => card.Images.Length));
        foreach (var (line, request) in requests.Select((text, index) => (index + 1, JsonDocument.Parse(text).RootElement)))
        {
            var id = request.TryGetProperty("id", out var given) ? given.GetString()! : line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var result = results[id];
            var card = Assert.Single(page.Cards, card => card.Id == id);
            Assert.Equal(id, card.ShownId);
            Assert.Equal(request.GetProperty("prompt").GetString(), card.Prompt);
            Assert.Equal(request.TryGetProperty("resolution", out var resolution) ? resolution.GetString() : ResolutionValues.ToWire(ResolutionValues.Default), card.Resolution);
            Assert.Equal(result.GetProperty("outcome").GetString(), card.Outcome);
            AssertImagesLoaded(result, card);
            if (Outcome(result) == BatchOutcomeKind.Succeeded)
            {
                Assert.False(card.FailureVisible);
            }
            else
            {
                AssertFailureShown(result, card);
            }
        }

        Assert.Equal(0, page.Scripts);
        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.Dialogs);
    }

    [Fact]
    public async Task A_prompt_or_id_that_is_html_shows_as_text_and_creates_no_element()
    {
        const string Prompt = "\"><img src=x onerror=alert(1)></div></figcaption></figure><script>alert(2)</script>";
        const string Id = "<b onmouseover=alert(3)>x</b>'\"&amp;";
        var requests = new[]
        {
            JsonSerializer.Serialize(new { id = Id, prompt = Prompt }),
            JsonSerializer.Serialize(new { id = "fails", prompt = $"{Prompt} [fail:{FailCode.Known[0].Value}]" }),
        };

        await _cli.RunAsync("batch", _cli.Requests(requests), "--out", _cli.Out);

        var page = await OpenAsync("hostile.png");
        Assert.Equal(2, page.Cards.Length);
        var shown = Assert.Single(page.Cards, card => card.Id == Id);
        Assert.Equal(Id, shown.ShownId);
        Assert.Equal(Prompt, shown.Prompt);
        Assert.Equal(Prompt, Assert.Single(shown.Images).Alt);
        Assert.True(shown.Images[0].Complete && shown.Images[0].Width > 0, "The hostile line's own image did not load.");
        Assert.Equal($"{Prompt} [fail:{FailCode.Known[0].Value}]", Assert.Single(page.Cards, card => card.Id == "fails").Prompt);
        Assert.Equal(0, page.Scripts);
        Assert.Equal(0, page.OnErrorAttributes);
        Assert.Empty(page.Dialogs);
    }

    private static BatchOutcomeKind Outcome(JsonElement result) => BatchOutcomes.Parse(result.GetProperty("outcome").GetString()!);

    // Each <img> is the file results.jsonl names for its line, loaded whole: its size is the PNG's own.
    private void AssertImagesLoaded(JsonElement result, Card card)
    {
        var files = result.GetProperty("files").EnumerateArray().Select(file => file.GetString()!).ToList();
        Assert.Equal(files.Select(Path.GetFileName), card.Images.Select(image => Uri.UnescapeDataString(image.Src)));
        foreach (var (file, image) in files.Zip(card.Images))
        {
            Assert.True(image.Complete && image.Width > 0, $"{image.Src} did not load in Chromium (screenshot: {Screenshots}).");
            Assert.Equal(PngReader.Decode(File.ReadAllBytes(file)), (image.Width, image.Height));
        }
    }

    // A failed line shows its fail code, the server's message and the contract's advice; a line without a fail code its message.
    private static void AssertFailureShown(JsonElement result, Card card)
    {
        Assert.True(card.FailureVisible, $"The failure of {card.Id} is not visible (screenshot: {Screenshots}).");
        if (result.GetProperty("failCode").GetString() is { } code)
        {
            Assert.Equal(code, card.Code);
            Assert.Equal(result.GetProperty("failMsg").GetString(), card.Message);
            Assert.Equal(new FailCode(code).Advice, card.Advice);
        }
        else
        {
            Assert.Equal(result.GetProperty("message").GetString(), card.Message);
        }
    }

    /// <summary>
    /// Opens <c>out/index.html</c>, scrolls each image into view (they load lazily, as for a person scrolling) and waits
    /// until it has loaded or failed, keeps a full-page screenshot (<paramref name="screenshot"/> in <c>TestResults/gallery/</c>),
    /// then reads every card.
    /// </summary>
    private async Task<Page> OpenAsync(string screenshot)
    {
        var gallery = Path.Combine(_cli.Out, BatchGallery.FileName);
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var consoleErrors = new List<string>();
        var dialogs = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error);
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        try
        {
            await page.GotoAsync(new Uri(gallery).AbsoluteUri);
            await page.EvaluateAsync("""
                async () => {
                  for (const img of document.images) {
                    img.scrollIntoView();
                    if (!img.complete) {
                      await new Promise(done => { img.addEventListener('load', done, { once: true }); img.addEventListener('error', done, { once: true }); });
                    }
                  }
                  window.scrollTo(0, 0);
                }
                """);
            var shot = Path.Combine(Directory.CreateDirectory(Screenshots).FullName, screenshot);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            output.WriteLine($"Gallery screenshot: {shot}");
            var cards = await page.EvaluateAsync<JsonElement>("""
                () => [...document.querySelectorAll('figure')].map(figure => ({
                  id: figure.dataset.id,
                  outcome: figure.dataset.outcome,
                  shownId: figure.querySelector('.id')?.textContent,
                  resolution: figure.querySelector('.resolution')?.textContent,
                  prompt: figure.querySelector('.prompt')?.textContent,
                  failureVisible: figure.querySelector('.failure')?.checkVisibility() ?? false,
                  code: figure.querySelector('.failure .code')?.textContent,
                  message: figure.querySelector('.failure .message')?.textContent,
                  advice: figure.querySelector('.failure .advice')?.textContent,
                  images: [...figure.querySelectorAll('img')].map(img => ({
                    src: img.getAttribute('src'), alt: img.alt, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight })),
                }))
                """);
            var scripts = await page.EvaluateAsync<int>("() => document.querySelectorAll('script').length");
            var onError = await page.EvaluateAsync<int>("() => document.querySelectorAll('[onerror], [onmouseover]').length");
            return new Page(cards.Deserialize<Card[]>(JsonSerializerOptions.Web)!, scripts, onError, [.. consoleErrors], [.. dialogs]);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
