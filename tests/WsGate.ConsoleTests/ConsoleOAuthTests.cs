using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>
/// The try-it console gets its token through the authorization code grant with PKCE: the application allows the
/// try-it callback, the owner consents on /oauth2/authorize, the code comes back and is exchanged, and the token opens
/// a WebSocket to an OAuth-protected API.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ConsoleOAuthTests(ConsoleFixture fixture)
{
    private const string Password = "oauthdev-Pw-4k2j8d";

    [Fact]
    public async Task TryIt_SignInAndGetToken_ConsentsThenConnectsWithTheIssuedToken()
    {
        await fixture.Server.PublishApiAsync("oauth_echo", "/oauth-echo", [fixture.Backend.Url("/echo")], new { authentication = new { modes = new[] { "oauth2" } } });
        using (var user = await fixture.Server.PostJsonAsync("/api/v1/users", new { username = "oauthdev", password = Password, roles = new[] { "subscriber" } }))
        {
            Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        }

        using var created = await fixture.Server.PostJsonAsync("/api/v1/applications", new { name = "browser-app", owner = "oauthdev" });
        var app = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using (var keys = await fixture.Server.PostJsonAsync($"/api/v1/applications/{app}/keys/production", new { }))
        using (var subscribed = await fixture.Server.PostJsonAsync($"/api/v1/applications/{app}/subscriptions", new { apiId = "oauth_echo" }))
        {
            Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (keys.StatusCode, subscribed.StatusCode));
        }

        var dev = await fixture.NewPageAsync();
        await fixture.SignInAsync(dev, "oauthdev", Password);
        await dev.GotoAsync(fixture.AdminUrl + "/portal/tryit");
        await dev.ClickAsync("#tryit-get-token");
        await Assertions.Expect(dev.Locator("#tryit-authorize-error")).ToContainTextAsync("/portal/tryit/callback as a callback URL of browser-app");

        await dev.GotoAsync(fixture.AdminUrl + "/portal/applications");
        await dev.Locator("section[data-name='browser-app'] .allow-tryit").ClickAsync();
        await Assertions.Expect(dev.Locator(".flash.ok")).ToContainTextAsync("Callback URLs of browser-app saved");
        await Assertions.Expect(dev.Locator("section[data-name='browser-app'] textarea[name=callbackUrls]")).ToHaveValueAsync(fixture.AdminUrl + "/portal/tryit/callback");

        await dev.GotoAsync(fixture.AdminUrl + "/portal/tryit");
        await dev.ClickAsync("#tryit-get-token");
        await Assertions.Expect(dev).ToHaveURLAsync(AuthorizePage());
        await Assertions.Expect(dev.Locator("#consent-application")).ToHaveTextAsync("browser-app");
        await fixture.ScreenshotAsync(dev, "50-oauth-consent");
        await dev.ClickAsync("#consent-allow");

        await Assertions.Expect(dev).ToHaveURLAsync(CallbackPage());
        await Assertions.Expect(dev.Locator("#tryit-authorized")).ToContainTextAsync("wsg_rt_");
        await Assertions.Expect(dev.Locator("#tryit-token")).ToHaveValueAsync(AccessToken());
        await dev.FillAsync("#tryit-url", fixture.Server.ListenerUri("default", "/oauth-echo/v1").ToString());
        await dev.ClickAsync("#tryit-connect");
        await Assertions.Expect(dev.Locator("#tryit-state")).ToHaveTextAsync("open");
        await dev.FillAsync("#tryit-message", "hello with a code-grant token");
        await dev.ClickAsync("#tryit-send");
        await Assertions.Expect(dev.Locator("#tryit-log .received")).ToContainTextAsync("hello with a code-grant token");
        await fixture.ScreenshotAsync(dev, "51-oauth-tryit-token");
    }

    [Fact]
    public async Task ApplicationsPage_CallbackUrlsEdited_BadLineNamedAndGoodListShown()
    {
        using var created = await fixture.Server.PostJsonAsync("/api/v1/applications", new { name = "staff-callback-app", owner = "admin" });
        var app = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var page = await fixture.AdminPageAsync("/console/applications");
        var row = page.Locator("tr", new() { HasText = "staff-callback-app" });
        await Assertions.Expect(row.Locator("td.callbacks")).ToContainTextAsync("none (authorization code flow off)");
        await row.Locator("td.callbacks summary").ClickAsync();
        await row.Locator("td.callbacks textarea").FillAsync("https://staff.example.com/cb\nhttp://staff.example.com/cb");
        await row.Locator("td.callbacks button").ClickAsync();
        await Assertions.Expect(page.Locator(".flash.bad")).ToContainTextAsync("line 2: must be https");
        Assert.Equal(0, (await fixture.Server.GetJsonAsync($"/api/v1/applications/{app}")).GetProperty("callbackUrls").GetArrayLength());

        row = page.Locator("tr", new() { HasText = "staff-callback-app" });
        await row.Locator("td.callbacks summary").ClickAsync();
        await row.Locator("td.callbacks textarea").FillAsync("https://staff.example.com/cb\nhttp://localhost:7000/cb");
        await row.Locator("td.callbacks button").ClickAsync();
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("2 callback URL(s)");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "staff-callback-app" }).Locator("td.callbacks div.mono")).ToHaveTextAsync(["https://staff.example.com/cb", "http://localhost:7000/cb"]);
        await fixture.ScreenshotAsync(page, "52-console-application-callbacks");
    }

    [GeneratedRegex("/oauth2/authorize\\?response_type=code&client_id=ck_")]
    private static partial Regex AuthorizePage();

    [GeneratedRegex("/portal/tryit/callback\\?code=wsg_ac_")]
    private static partial Regex CallbackPage();

    [GeneratedRegex("^wsg_at_")]
    private static partial Regex AccessToken();
}
