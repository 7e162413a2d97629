using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>The admin API reference in the console: reached from the menu by staff, rendered from WsGate alone, closed to anyone else.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleApiReferenceTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task ApiReference_SignedInAdminFromMenu_RendersListenerOperationsWithoutTheInternet()
    {
        var page = await fixture.NewPageAsync();

        // Every request to another host is refused and recorded: the reference must work where WsGate has no internet access.
        var elsewhere = new List<string>();
        await page.Context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Host is "127.0.0.1" or "localhost")
            {
                await route.ContinueAsync();
                return;
            }

            lock (elsewhere)
            {
                elsewhere.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        await fixture.SignInAsync(page, "admin", TestServer.AdminPassword);
        await page.ClickAsync("nav.side >> text=API reference");

        Assert.Contains("/console/api-reference", page.Url, StringComparison.Ordinal);

        // Scalar's script is large and renders the document after loading it: give it the time a slow machine needs.
        var rendered = new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 };
        var sidebar = page.GetByRole(AriaRole.Complementary);
        await Assertions.Expect(sidebar.GetByText("Listeners", new() { Exact = true })).ToBeVisibleAsync(rendered);
        await sidebar.GetByText("Listeners", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("List listeners with their state, bound addresses and counters").First).ToBeVisibleAsync(rendered);
        await Assertions.Expect(page.GetByText("Add a listener; it binds at once").First).ToBeVisibleAsync(rendered);
        await fixture.ScreenshotAsync(page, "30-api-reference");
        Assert.Empty(elsewhere);
    }

    [Theory]
    [InlineData("/console/api-reference")]
    [InlineData("/console/api-reference/v1.json")]
    public async Task ApiReference_Anonymous_SentToSignIn(string path)
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(fixture.AdminUrl + path);

        Assert.Contains("/console/login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#Username")).ToBeVisibleAsync();
        Assert.DoesNotContain("\"openapi\"", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
