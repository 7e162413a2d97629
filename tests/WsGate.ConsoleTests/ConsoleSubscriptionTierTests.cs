using System.Text.Json;
using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>
/// The tiers an API offers, set in the console's API form and followed by the portal's subscribe form, and the
/// DefaultApplication a subscriber finds at their first sign-in (as in WSO2's developer portal).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSubscriptionTierTests(ConsoleFixture fixture)
{
    private const string Password = "tierdev-Pw-8s7d6f";

    [Fact]
    public async Task ApiTiers_TickedInConsole_PortalOffersOnlyThoseOnDefaultApplication()
    {
        await fixture.Server.PublishApiAsync("offered_v1", "/offered", [fixture.Backend.Url("/")]);
        using (var user = await fixture.Server.PostJsonAsync("/api/v1/users", new { username = "tierdev", password = Password, roles = new[] { "subscriber" } }))
        {
            user.EnsureSuccessStatusCode();
        }

        // The publisher's side: the API offers Silver and Bronze only.
        var admin = await fixture.AdminPageAsync("/console/apis/edit?id=offered_v1");
        await admin.CheckAsync(".api-tiers input[value='Silver']");
        await admin.CheckAsync(".api-tiers input[value='Bronze']");
        await admin.ClickAsync("#save");
        await Assertions.Expect(admin.Locator(".flash.ok")).ToContainTextAsync("saved");
        var tiers = (await fixture.Server.GetJsonAsync("/api/v1/apis/offered_v1")).GetProperty("config").GetProperty("tiers");
        Assert.Equal(["Silver", "Bronze"], tiers.EnumerateArray().Select(t => t.GetString()));

        // The subscriber's first sign-in brings DefaultApplication; choosing the API narrows the tiers to its own.
        var dev = await fixture.NewPageAsync();
        await fixture.SignInAsync(dev, "tierdev", Password);
        await Assertions.Expect(dev.Locator("#api-offered_v1 .api-tiers")).ToHaveTextAsync("Silver, Bronze");
        await dev.GotoAsync(fixture.AdminUrl + "/portal/applications");
        var app = dev.Locator("section[data-name='DefaultApplication']");
        await Assertions.Expect(app).ToBeVisibleAsync();
        await app.Locator("form.subscribe select[name=apiId]").SelectOptionAsync("offered_v1");
        var options = app.Locator("form.subscribe select[name=tier] option");
        await Assertions.Expect(options).ToHaveTextAsync(["Silver", "Bronze"]);
        await fixture.ScreenshotAsync(dev, "45-portal-default-application-tiers");

        // A tier the API does not offer, forced into the form, is refused by the server next to the tier input.
        await app.Locator("form.subscribe select[name=tier]").EvaluateAsync("s => { const o = document.createElement('option'); o.value = o.textContent = 'Gold'; s.appendChild(o); s.value = 'Gold'; }");
        await app.Locator("form.subscribe button").ClickAsync();
        await Assertions.Expect(dev.Locator("section[data-name='DefaultApplication'] form.subscribe .field:has(select[name=tier]) .error")).ToContainTextAsync("is not offered under the Gold tier; it is offered under Silver, Bronze");

        await dev.Locator("section[data-name='DefaultApplication'] form.subscribe select[name=apiId]").SelectOptionAsync("offered_v1");
        await dev.Locator("section[data-name='DefaultApplication'] form.subscribe select[name=tier]").SelectOptionAsync("Bronze");
        await dev.Locator("section[data-name='DefaultApplication'] form.subscribe button").ClickAsync();
        await Assertions.Expect(dev.Locator(".flash.ok")).ToContainTextAsync("Subscribed to offered_v1 under the Bronze tier");

        // Bronze taken off the API: the subscription stays, marked as no longer offered.
        await admin.ReloadAsync();
        await admin.UncheckAsync(".api-tiers input[value='Bronze']");
        await admin.ClickAsync("#save");
        await Assertions.Expect(admin.Locator(".flash.ok")).ToContainTextAsync("saved");
        await dev.ReloadAsync();
        var row = dev.Locator("section[data-name='DefaultApplication'] tr", new() { HasText = "offered_v1" });
        await Assertions.Expect(row).ToContainTextAsync("Bronze");
        await Assertions.Expect(row.Locator(".tier-not-offered")).ToHaveTextAsync("not offered any more");
        await fixture.ScreenshotAsync(dev, "46-portal-tier-not-offered");

        var listed = (await fixture.Server.GetJsonAsync("/api/v1/applications?owner=tierdev")).EnumerateArray().Single();
        Assert.Equal("DefaultApplication", listed.GetProperty("name").GetString());
        Assert.False(listed.GetProperty("subscriptions")[0].GetProperty("tierOffered").GetBoolean());
    }

    [Fact]
    public async Task NewListener_IdLeftEmpty_SavedAsNextFreeWsServerId()
    {
        var page = await fixture.AdminPageAsync("/console/listeners/edit");
        var placeholder = await page.Locator("#Form_Id").GetAttributeAsync("placeholder");
        Assert.Matches("^WS_SERVER_[0-9]+$", placeholder);
        await page.FillAsync("#Form_Bindings", "127.0.0.1:0");
        await page.ClickAsync("button:has-text('Create listener')");

        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync($"Listener {placeholder} saved");
        var listener = await fixture.Server.GetJsonAsync("/api/v1/listeners/" + placeholder);
        Assert.Equal(JsonValueKind.Object, listener.GetProperty("config").ValueKind);
        using var deleted = await fixture.Server.Admin.DeleteAsync("/api/v1/listeners/" + placeholder);
        deleted.EnsureSuccessStatusCode();
    }
}
