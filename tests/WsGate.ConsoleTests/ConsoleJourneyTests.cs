using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>
/// The whole publish-and-consume journey through the browser: an admin signs in, creates a listener and an API on it,
/// publishes and tests it, creates a subscriber; the subscriber creates an application, subscribes, gets keys and a
/// token, and sends a message through the gateway from the portal's try-it console.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleJourneyTests(ConsoleFixture fixture)
{
    private const string SubscriberPassword = "subscriber-password-1";

    [Fact]
    public async Task Journey_AdminPublishesSubscriberConnects_MessageEchoedThroughGateway()
    {
        var admin = await fixture.NewPageAsync();
        await admin.GotoAsync(fixture.AdminUrl + "/console");
        Assert.Contains("/console/login", admin.Url, StringComparison.Ordinal);
        await fixture.ScreenshotAsync(admin, "01-login");

        await fixture.SignInAsync(admin, "admin", TestServer.AdminPassword);
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(admin.Locator("#rate-chart svg")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(admin, "02-dashboard");

        // A listener: first a binding the validator refuses, shown next to the Bindings field; then a good one.
        await admin.GotoAsync(fixture.AdminUrl + "/console/listeners/edit");
        await admin.FillAsync("#Form_Id", "public_ws");
        await admin.FillAsync("#Form_Bindings", "127.0.0.1:99999");
        await admin.ClickAsync("form.grid button[type=submit]");
        var bindingError = admin.Locator("[data-valmsg-for='Form.Bindings']");
        await Assertions.Expect(bindingError).ToContainTextAsync("line 1: port");
        await Assertions.Expect(admin.Locator("#Form_Id")).ToHaveValueAsync("public_ws");
        await fixture.ScreenshotAsync(admin, "03-listener-field-error");

        var port = FreePort.Find();
        await admin.FillAsync("#Form_Bindings", $"127.0.0.1:{port}");
        await admin.ClickAsync("form.grid button[type=submit]");
        await Assertions.Expect(admin.Locator(".flash.ok")).ToContainTextAsync("Listener public_ws saved");
        await Assertions.Expect(admin.Locator("#listener-public_ws .pill")).ToHaveTextAsync("enabled");
        await fixture.ScreenshotAsync(admin, "04-listeners");

        // An API on that listener, relaying to the echo backend, needing OAuth2 and a subscription.
        await admin.GotoAsync(fixture.AdminUrl + "/console/apis/edit");
        await admin.FillAsync("#Form_Id", "chat_v1");
        await admin.FillAsync("#Form_Name", "Chat");
        await admin.FillAsync("#Form_Context", "/chat");
        await admin.FillAsync("#Form_Description", "Echoes every message: a chat room of one.");
        await admin.UncheckAsync("input[name='Form.Listeners'][value='default']");
        await admin.CheckAsync("input[name='Form.Listeners'][value='public_ws']");
        await admin.FillAsync("#Form_ProductionUrls", fixture.Backend.Url("/echo").ToString());
        await admin.ClickAsync("#save");
        await Assertions.Expect(admin.Locator(".flash.ok")).ToContainTextAsync("API Chat saved");
        await admin.ClickAsync("#publish");
        await Assertions.Expect(admin.Locator("#lifecycle")).ToHaveTextAsync("published");
        await admin.ClickAsync("#test");
        await Assertions.Expect(admin.Locator("#test-results")).ToContainTextAsync("connected");
        await fixture.ScreenshotAsync(admin, "05-api-published-and-tested");

        // A subscriber, created from the console.
        await admin.GotoAsync(fixture.AdminUrl + "/console/users");
        await admin.FillAsync("#Form_Username", "dev1");
        await admin.FillAsync("#Form_Password", SubscriberPassword);
        await admin.ClickAsync("form[data-draft='user'] button[type=submit]");
        await Assertions.Expect(admin.Locator(".flash.ok")).ToContainTextAsync("User dev1 created");

        // The subscriber's side: the portal, never the console.
        var dev = await fixture.NewPageAsync();
        await fixture.SignInAsync(dev, "dev1", SubscriberPassword);
        Assert.EndsWith("/portal", dev.Url, StringComparison.Ordinal);
        await Assertions.Expect(dev.Locator("#api-chat_v1")).ToContainTextAsync($"ws://127.0.0.1:{port}/chat/v1");
        await fixture.ScreenshotAsync(dev, "06-portal-apis");
        var denied = await dev.GotoAsync(fixture.AdminUrl + "/console/listeners");
        Assert.Equal(403, denied!.Status);

        await dev.GotoAsync(fixture.AdminUrl + "/portal/applications?api=chat_v1");
        await dev.FillAsync("#NewApplication_Name", "demo");
        await dev.ClickAsync("#create-application");
        await Assertions.Expect(dev.Locator(".flash.ok")).ToContainTextAsync("Application demo created");
        var app = dev.Locator("section[data-name='demo']");
        await app.Locator("form.subscribe select[name=tier]").SelectOptionAsync("Gold");
        await app.Locator("form.subscribe button").ClickAsync();
        await Assertions.Expect(dev.Locator(".flash.ok")).ToContainTextAsync("Subscribed to chat_v1 under the Gold tier");
        await dev.Locator("section[data-name='demo'] .keys-production").ClickAsync();
        await Assertions.Expect(dev.Locator("#consumer-secret")).ToContainTextAsync("cs_");
        await fixture.ScreenshotAsync(dev, "07-portal-keys");
        await dev.ClickAsync("#get-token");
        await Assertions.Expect(dev.Locator("#access-token")).ToContainTextAsync("wsg_at_");
        await fixture.ScreenshotAsync(dev, "08-portal-token");

        // Try it: the browser opens a WebSocket to the gateway with the token as a subprotocol pair.
        await dev.ClickAsync("#open-tryit");
        await Assertions.Expect(dev.Locator("#tryit-token")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^wsg_at_"));
        await Assertions.Expect(dev.Locator("#tryit-url")).ToHaveValueAsync($"ws://127.0.0.1:{port}/chat/v1");
        await dev.ClickAsync("#tryit-connect");
        await Assertions.Expect(dev.Locator("#tryit-state")).ToHaveTextAsync("open");
        await dev.FillAsync("#tryit-message", "hello through wsgate");
        await dev.ClickAsync("#tryit-send");
        await Assertions.Expect(dev.Locator("#tryit-log .received")).ToContainTextAsync("hello through wsgate");

        // While it is open, the operator sees the connection with its user, API and counters.
        await admin.GotoAsync(fixture.AdminUrl + "/console/connections?search=chat_v1");
        await Assertions.Expect(admin.Locator("main table tbody")).ToContainTextAsync("dev1");
        await fixture.ScreenshotAsync(admin, "09-connections");
        for (var i = 0; i < 5; i++)
        {
            await dev.ClickAsync("#tryit-send");
        }

        await Assertions.Expect(dev.Locator("#tryit-log .received")).ToHaveCountAsync(6);
        await admin.GotoAsync(fixture.AdminUrl + "/console");
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("chat_v1");
        await Assertions.Expect(admin.Locator("#rate-chart path.in")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(admin, "09-dashboard-live");

        await dev.FillAsync("#tryit-code", "4001");
        await dev.FillAsync("#tryit-reason", "done testing");
        await dev.ClickAsync("#tryit-close");
        await Assertions.Expect(dev.Locator("#tryit-log")).ToContainTextAsync("closed with code 4001 \"done testing\"");
        await fixture.ScreenshotAsync(dev, "10-portal-tryit");

        // The console's changes are in the audit log under the admin's name.
        await admin.GotoAsync(fixture.AdminUrl + "/console/audit?actor=admin");
        await Assertions.Expect(admin.Locator("main table tbody")).ToContainTextAsync("POST /console/apis/edit?handler=lifecycle");
        await Assertions.Expect(admin.Locator("tr:has-text('POST /console/listeners/edit'):has-text('public_ws'):has-text('400')")).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator("tr:has-text('POST /console/listeners/edit'):has-text('public_ws'):has-text('302')")).ToHaveCountAsync(1);
        await fixture.ScreenshotAsync(admin, "11-audit");
    }
}
