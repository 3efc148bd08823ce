using Microsoft.Playwright;

namespace Apixo.Generated.Tests.TestSupport;

/// <summary>
/// Debian's <c>chromium</c>, headless, driven by Playwright for a test class. Playwright never downloads a browser
/// here (there is no network): it launches the installed one. It fails, never skips, when the binary is missing: CI
/// installs it (<c>.ci/run</c>), and a developer is told how.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private const string Install = "apt-get update && apt-get install -y chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var binary = InstalledProgram.Find("chromium") ?? throw new InvalidOperationException(
            $"chromium was not found (looked in /usr/bin and on PATH). The batch gallery test opens the page in a real headless Chromium: {Install} (CI's .ci/run does this).");
        _playwright = await Playwright.CreateAsync();
        try
        {
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = binary,
                Headless = true,
                // Without its sandbox (Playwright then passes --no-sandbox): Chromium refuses to start sandboxed as
                // root, and a container seldom gives it the user namespaces it needs. The page is ours, from disk.
                // Playwright also passes --disable-dev-shm-usage (a container's /dev/shm may be 64 MB); no GPU here.
                ChromiumSandbox = false,
                Args = ["--disable-gpu"],
                Timeout = 60_000,
            });
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException($"{binary} did not start under Playwright ({exception.Message}). Is it Debian's chromium? {Install}", exception);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
