using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>
/// The developer portal on a public listener (an endpoint of kind portal at /developers): a subscriber signs in and
/// works there without the admin port; staff accounts are sent to the admin port; nothing but the portal is reachable.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePortalTests(ConsoleFixture fixture)
{
    private async Task<string> StartPortalListenerAsync()
    {
        using var created = await fixture.Server.PostJsonAsync("/api/v1/listeners", new
        {
            id = "public_portal",
            bindings = new[] { "127.0.0.1:0" },
            endpoints = new object[] { new { path = "/echo" }, new { path = "/developers", kind = "portal" } },
        });
        created.EnsureSuccessStatusCode();
        var listener = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var address = listener["boundAddresses"]!.AsArray()[0]!.GetValue<string>();
        return "http://" + address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
    }

    [Fact]
    public async Task PublicPortal_SubscriberSignsIn_WorksUnderTheListenerPath_StaffAndConsoleKeptOut()
    {
        await fixture.Server.PostJsonAsync("/api/v1/users", new { username = "portaluser", password = "portaluser-Pw-5k2j8d", roles = new[] { "subscriber" } });
        var baseUrl = await StartPortalListenerAsync();
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(baseUrl + "/developers");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/developers/console/login"));
        await page.FillAsync("#Username", "portaluser");
        await page.FillAsync("#Password", "portaluser-Pw-5k2j8d");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/developers/portal"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("APIs");
        await page.ClickAsync("nav.side >> text=My applications");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/developers/portal/applications");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("My applications");
        await page.FillAsync("#NewApplication_Name", "from-public");
        await page.ClickAsync("text=Create application");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("from-public");
        await fixture.ScreenshotAsync(page, "40-public-portal-applications");

        var staff = await fixture.NewPageAsync();
        await staff.GotoAsync(baseUrl + "/developers/console/login");
        await staff.FillAsync("#Username", "admin");
        await staff.FillAsync("#Password", TestServer.AdminPassword);
        await staff.ClickAsync("button[type=submit]");
        await Assertions.Expect(staff.Locator(".errors")).ToContainTextAsync("Staff accounts sign in on the admin port");

        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler);
        using var console = await http.GetAsync(baseUrl + "/developers/console");
        using var api = await http.GetAsync(baseUrl + "/developers/api/v1/users");
        using var notMounted = await http.GetAsync(baseUrl + "/portal");
        Assert.Equal(HttpStatusCode.NotFound, console.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, notMounted.StatusCode);
    }

    [Fact]
    public async Task LockoutsPage_WrongAdminPasswords_ListedThenUnlocked()
    {
        // Wrong passwords on the admin API from this address, counted in the admin scope.
        using (var http = new HttpClient { BaseAddress = fixture.Server.AdminAddress })
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("nobody-here:wrong-password")));
            using var refused = await http.GetAsync("/api/v1/listeners");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var page = await fixture.AdminPageAsync("/console/lockouts");
        var row = page.Locator("tr", new() { HasText = "user:nobody-here" });
        await Assertions.Expect(row).ToContainTextAsync("admin");
        await fixture.ScreenshotAsync(page, "41-lockouts");
        await row.Locator("button", new() { HasText = "Unlock" }).ClickAsync();

        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("Unlocked user:nobody-here (admin)");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "user:nobody-here" })).ToHaveCountAsync(0);

        // The address's own count stays (only its expiry or an unlock clears it); the fixture is shared, so clear it.
        using var cleared = await fixture.Server.PostJsonAsync("/api/v1/lockouts/unlock", new { subject = "ip:127.0.0.1", scope = "admin" });
        cleared.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task PortalApiCard_OsAccountsForwardAndGroups_TellsTheSubscriberHowToConnect()
    {
        await fixture.Server.PublishApiAsync("session_v1", "/session", [fixture.Backend.Url("/echo")], new
        {
            authentication = new
            {
                modes = new[] { "basic", "forward" },
                accounts = "both",
                groups = new[] { "traders" },
                forward = new { url = "http://127.0.0.1:9/session-check", headers = new[] { "X-Csrf-Token" } },
            },
        });
        using (var user = await fixture.Server.PostJsonAsync("/api/v1/users", new { username = "sessiondev", password = "sessiondev-Pw-3j5k7l", roles = new[] { "subscriber" } }))
        {
            user.EnsureSuccessStatusCode();
        }

        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "sessiondev", "sessiondev-Pw-3j5k7l");
        var card = page.Locator("#api-session_v1");

        await Assertions.Expect(card.Locator(".api-accounts")).ToContainTextAsync("your WsGate account, or your account on the server's operating system");
        await Assertions.Expect(card.Locator(".api-forward")).ToContainTextAsync("Sign in to the web application first");
        await Assertions.Expect(card.Locator(".api-forward")).ToContainTextAsync("X-Csrf-Token");
        await Assertions.Expect(card).ToContainTextAsync("members of traders");
        await Assertions.Expect(card).Not.ToContainTextAsync("session-check");
    }
}
