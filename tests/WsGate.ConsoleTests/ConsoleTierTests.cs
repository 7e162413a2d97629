using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>Tiers and API settings in the console: the validator's errors next to their inputs, subscription counts, a refused delete, and saved settings taking effect.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleTierTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Tiers_ZeroWindowThenFixed_FieldErrorThenCreated()
    {
        var page = await fixture.AdminPageAsync("/console/tiers");
        await page.FillAsync("#Form_Name", "Platinum");
        await page.FillAsync("#Form_Description", "10000 messages per minute");
        await page.FillAsync("#Form_Rate_MessagesPerWindow", "10000");
        await page.FillAsync("#Form_Rate_WindowMs", "0");
        await page.ClickAsync("#save");

        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Rate.WindowMs']")).ToContainTextAsync("must be from 1 to 86400000 milliseconds");
        await Assertions.Expect(page.Locator("#Form_Name")).ToHaveValueAsync("Platinum");
        await fixture.ScreenshotAsync(page, "20-tier-window-error");

        await page.FillAsync("#Form_Rate_WindowMs", "60000");
        await page.FillAsync("#Form_Rate_Burst", "20000");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Rate.Burst']")).ToContainTextAsync("cannot be met");

        await page.FillAsync("#Form_Rate_Burst", "500");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Tier Platinum saved.");
        await Assertions.Expect(page.Locator("#tier-Platinum")).ToContainTextAsync("10,000");

        var tier = await fixture.Server.GetJsonAsync("/api/v1/tiers/Platinum");
        Assert.Equal(60000, tier.GetProperty("rate").GetProperty("windowMs").GetInt32());
        Assert.Equal(500, tier.GetProperty("rate").GetProperty("burst").GetInt64());
    }

    [Fact]
    public async Task Tiers_DeleteInUse_RefusedWithSubscriptionsNamed()
    {
        using (var created = await fixture.Server.PostJsonAsync("/api/v1/tiers", new { name = "Copper", rate = new { messagesPerWindow = 100 } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await fixture.Server.PublishApiAsync("tiered_v1", "/tiered", [fixture.Backend.Url("/")]);
        string app;
        using (var response = await fixture.Server.PostJsonAsync("/api/v1/applications", new { name = "tiered-app", owner = "admin" }))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            app = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        }

        using (var subscribed = await fixture.Server.PostJsonAsync($"/api/v1/applications/{app}/subscriptions", new { apiId = "tiered_v1", tier = "Copper" }))
        {
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        }

        var page = await fixture.AdminPageAsync("/console/tiers");
        await Assertions.Expect(page.Locator("#tier-Copper .subscriptions")).ToHaveTextAsync("1");
        await page.ClickAsync("#tier-Copper button:has-text('Delete')");

        await Assertions.Expect(page.Locator(".flash.bad")).ToContainTextAsync("Tier Copper was not deleted: tier 'Copper' is used by 1 subscription(s)");
        await Assertions.Expect(page.Locator("#tier-Copper")).ToBeVisibleAsync();

        // Edited in place: the name stays, the new allowance is saved.
        await page.ClickAsync("#tier-Copper a");
        await Assertions.Expect(page.Locator("#Form_Name")).ToHaveAttributeAsync("readonly", "readonly");
        await page.FillAsync("#Form_Rate_MessagesPerWindow", "250");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Tier Copper saved.");
        Assert.Equal(250, (await fixture.Server.GetJsonAsync("/api/v1/tiers/Copper")).GetProperty("rate").GetProperty("messagesPerWindow").GetInt64());
    }

    [Fact]
    public async Task ApiThrottling_BadBytesThenSaved_ErrorOnBytesAndLimitStored()
    {
        await fixture.Server.PublishApiAsync("throttled_v1", "/throttled", [fixture.Backend.Url("/")]);
        var page = await fixture.AdminPageAsync("/console/apis/edit?id=throttled_v1");
        await page.FillAsync("#Form_Rate_MessagesPerWindow", "600");
        await page.FillAsync("#Form_Rate_BytesPerWindow", "100");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Rate.BytesPerWindow']")).ToContainTextAsync("at least 16384");

        await page.FillAsync("#Form_Rate_BytesPerWindow", "1048576");
        await page.SelectOptionAsync("#Form_Rate_Action", "Close");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("saved");
        var rate = (await fixture.Server.GetJsonAsync("/api/v1/apis/throttled_v1")).GetProperty("config").GetProperty("throttling").GetProperty("rate");
        Assert.Equal(600, rate.GetProperty("messagesPerWindow").GetInt64());
        Assert.Equal(1048576, rate.GetProperty("bytesPerWindow").GetInt64());
        Assert.Equal("close", rate.GetProperty("action").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task ApiSettings_BadHealthIntervalAndCaFile_ErrorsOnInputsThenSavedAndChecked()
    {
        await fixture.Server.PublishApiAsync("settings_v1", "/settings", [fixture.Backend.Url("/")]);
        var page = await fixture.AdminPageAsync("/console/apis/edit?id=settings_v1");
        await Assertions.Expect(page.Locator("#Form_BackendTls_ValidateCertificate")).ToBeCheckedAsync();
        await page.CheckAsync("#Form_HealthCheck_Enabled");
        await page.FillAsync("#Form_HealthCheck_IntervalMs", "50");
        await page.FillAsync("#Form_BackendTls_CaBundleFile", "/nonexistent/ca.pem");
        await page.FillAsync("#Form_Limits_MaxMessageSize", "4096");
        await page.ClickAsync("#save");

        // The whole change is refused, with each error next to its input and the typed values kept.
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.HealthCheck.IntervalMs']")).ToContainTextAsync("at least 100 milliseconds");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.BackendTls.CaBundleFile']")).ToContainTextAsync("/nonexistent/ca.pem: file not found");
        await Assertions.Expect(page.Locator("#Form_Limits_MaxMessageSize")).ToHaveValueAsync("4096");
        var unchanged = (await fixture.Server.GetJsonAsync("/api/v1/apis/settings_v1")).GetProperty("config");
        Assert.False(unchanged.GetProperty("healthCheck").GetProperty("enabled").GetBoolean());
        await fixture.ScreenshotAsync(page, "26-api-settings-errors");

        await page.FillAsync("#Form_HealthCheck_IntervalMs", "200");
        await page.FillAsync("#Form_BackendTls_CaBundleFile", "");
        await page.FillAsync("#Form_BackendTls_SniOverride", "backend.internal");
        await page.FillAsync("#Form_Limits_MaxConnections", "3");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("saved");

        var config = (await fixture.Server.GetJsonAsync("/api/v1/apis/settings_v1")).GetProperty("config");
        Assert.True(config.GetProperty("healthCheck").GetProperty("enabled").GetBoolean());
        Assert.Equal(200, config.GetProperty("healthCheck").GetProperty("intervalMs").GetInt32());
        Assert.Equal(4096, config.GetProperty("limits").GetProperty("maxMessageSize").GetInt64());
        Assert.Equal(3, config.GetProperty("limits").GetProperty("maxConnections").GetInt32());
        Assert.Equal("backend.internal", config.GetProperty("backendTls").GetProperty("sniOverride").GetString());
        Assert.True(!config.GetProperty("backendTls").TryGetProperty("caBundleFile", out var ca) || ca.ValueKind == JsonValueKind.Null);

        // The health check now runs against the real backend: the page shows the endpoint up with the time of its check.
        var health = page.Locator("section.card table tbody tr").First;
        for (var attempt = 0; attempt < 50 && (await health.InnerTextAsync()).Contains("not checked yet", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }

        await Assertions.Expect(health).Not.ToContainTextAsync("not checked yet");
        await Assertions.Expect(health.Locator(".pill")).ToHaveTextAsync("up");
    }
}
