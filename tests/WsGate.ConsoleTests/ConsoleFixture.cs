using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>
/// One WsGate with an echo backend and one headless Debian Chromium, shared by the console tests: starting WsGate hashes
/// the admin password and a browser takes seconds to launch. Chromium must be installed (scripts/test.sh installs it);
/// without it the tests fail rather than skip.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public TestServer Server { get; private set; } = null!;

    public TestBackend Backend { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string AdminUrl => Server.AdminAddress.ToString().TrimEnd('/');

    /// <summary>Where screenshots go: a folder under the test output, kept after the run.</summary>
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium); scripts/test.sh does it when run as root");
        }

        Directory.CreateDirectory(Screenshots);
        Server = await TestServer.StartAsync();
        Backend = await TestBackend.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) at the size the console is designed for.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        return page;
    }

    public async Task SignInAsync(IPage page, string username, string password)
    {
        await page.GotoAsync(AdminUrl + "/console/login");
        await page.FillAsync("#Username", username);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>A fresh page signed in as the admin, at <paramref name="path"/> of the console.</summary>
    public async Task<IPage> AdminPageAsync(string path)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "admin", TestServer.AdminPassword);
        await page.GotoAsync(AdminUrl + path);
        return page;
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Backend is not null)
        {
            await Backend.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
