using Microsoft.Playwright;
using WsGate.Configuration.Secrets;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>
/// Outbound clients, rules and bridges in the console, against a WebSocket server the test starts: autofill from a URL,
/// Test connection, the client opening, a rule refused then saved, and the rule firing on a message the client receives.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleOutboundTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Client_CreatedByUrlTestedAndOpened_RuleFiresOnItsMessage()
    {
        await using var peer = await TestBackend.StartAsync("peer");
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "admin", TestServer.AdminPassword);

        // Autofill from URL fills the connection fields; Test connection tries them without saving.
        await page.GotoAsync(fixture.AdminUrl + "/console/clients/edit");
        await page.FillAsync("#Form_Id", "peer_feed");
        await page.FillAsync("#Form_Name", "Peer feed");
        await page.FillAsync("#Form_Url", peer.Url("/reject").ToString());
        await page.ClickAsync("#autofill");
        await Assertions.Expect(page.Locator("#Form_Host")).ToHaveValueAsync("127.0.0.1");
        await Assertions.Expect(page.Locator("#Form_Port")).ToHaveValueAsync(peer.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#Form_Path")).ToHaveValueAsync("/reject");
        await Assertions.Expect(page.Locator("#Form_Url")).ToHaveValueAsync("");
        await page.ClickAsync("#test");
        await Assertions.Expect(page.Locator("#test-result")).ToContainTextAsync("failed");
        await Assertions.Expect(page.Locator("#test-result")).ToContainTextAsync("403");

        await page.FillAsync("#Form_Path", "/feed");
        await page.ClickAsync("#test");
        await Assertions.Expect(page.Locator("#test-result")).ToContainTextAsync("connected");
        await Assertions.Expect(page.Locator("#test-result")).ToContainTextAsync($"ws://127.0.0.1:{peer.BaseUri.Port}/feed");
        await fixture.ScreenshotAsync(page, "21-client-test-connection");
        Assert.DoesNotContain("peer_feed", (await fixture.Server.GetJsonAsync("/api/v1/clients")).GetRawText(), StringComparison.Ordinal);

        // Saved, it connects: the page shows it open.
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("Client peer_feed saved");
        await Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.Locator("#state").TextContentAsync() == "open";
        }, TimeSpan.FromSeconds(30), "the client opens");
        await page.GotoAsync(fixture.AdminUrl + "/console/clients");
        await Assertions.Expect(page.Locator("#client-peer_feed .state")).ToHaveTextAsync("open");
        await fixture.ScreenshotAsync(page, "22-clients-open");

        // A rule with a regex that does not compile is refused with the error on the regex input.
        await page.GotoAsync(fixture.AdminUrl + "/console/rules/edit");
        await page.FillAsync("#Form_Id", "peer_alerts");
        await page.SelectOptionAsync("#Form_TriggerType", "Message");
        await page.SelectOptionAsync("#Form_SourceKind", "Client");
        await page.FillAsync("#Form_Source", "peer_feed");
        await page.FillAsync("#Form_Contains", "alert");
        await page.FillAsync("#Form_Regex", "(unclosed");
        await page.SelectOptionAsync("#Form_Actions_0__Type", "Publish");
        await page.FillAsync("#Form_Actions_0__Channel", "alerts");
        await page.SelectOptionAsync("#Form_Actions_1__Type", "Send");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Regex']")).ToContainTextAsync("does not compile");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Actions[1].Client']")).ToContainTextAsync("is required");
        await fixture.ScreenshotAsync(page, "23-rule-errors");

        await page.FillAsync("#Form_Regex", "");
        await page.SelectOptionAsync("#Form_Actions_1__Type", "");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Rule peer_alerts saved.");

        // The client sends a message; the peer echoes it back; the client receives it and the rule fires.
        await page.GotoAsync(fixture.AdminUrl + "/console/clients/edit?id=peer_feed");
        await page.FillAsync("#Message", "price alert 42");
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("Sent 14 bytes on client peer_feed");
        await Eventually.TrueAsync(async () =>
        {
            await page.GotoAsync(fixture.AdminUrl + "/console/rules");
            return await page.Locator("#rule-peer_alerts .fired").InnerTextAsync() is var fired && fired.StartsWith('1');
        }, TimeSpan.FromSeconds(30), "the rule fires");
        await Assertions.Expect(page.Locator("#rule-peer_alerts")).ToContainTextAsync("publish to channel alerts");
        await Assertions.Expect(page.Locator("#rule-peer_alerts .failed")).ToHaveTextAsync("0");

        // A bridge to a channel, created and deleted (after the confirmation).
        await page.FillAsync("#Bridge_Id", "peer_bridge");
        await page.SelectOptionAsync("#Bridge_Client", "peer_feed");
        await page.FillAsync("#Bridge_Channel", "peer");
        await page.ClickAsync("button:has-text('Create bridge')");
        await Assertions.Expect(page.Locator("#bridge-peer_bridge")).ToContainTextAsync("both ways");
        await fixture.ScreenshotAsync(page, "24-rules-and-bridges");
        await page.ClickAsync("#bridge-peer_bridge button:has-text('Delete')");
        await Assertions.Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Bridge peer_bridge deleted.");
        await Assertions.Expect(page.Locator("#bridge-peer_bridge")).ToHaveCountAsync(0);

        // Disconnect stops it; delete (confirmed) removes it with its rule first.
        await page.ClickAsync("#rule-peer_alerts button:has-text('Delete')");
        await Assertions.Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Rule peer_alerts deleted.");
        await page.GotoAsync(fixture.AdminUrl + "/console/clients/edit?id=peer_feed");
        await page.ClickAsync("#disconnect");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("stopped");
        await page.ClickAsync("button:has-text('Delete')");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("Client peer_feed deleted");
        await Assertions.Expect(page.Locator("#client-peer_feed")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Client_BadUrlAndPort_ErrorsNextToTheirInputs()
    {
        var page = await fixture.AdminPageAsync("/console/clients/edit");
        await page.FillAsync("#Form_Id", "bad_client");
        await page.FillAsync("#Form_Url", "ftp://example.com/x");
        await page.ClickAsync("#autofill");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Url']")).ToContainTextAsync("scheme 'ftp' is not ws or wss");

        await page.FillAsync("#Form_Url", "");
        await page.FillAsync("#Form_Host", "127.0.0.1");
        await page.FillAsync("#Form_Port", "70000");
        await page.FillAsync("#Form_ReconnectIntervalSeconds", "0");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Port']")).ToContainTextAsync("out of range");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.ReconnectIntervalSeconds']")).ToContainTextAsync("must be 1-3600 seconds");
        Assert.DoesNotContain("bad_client", (await fixture.Server.GetJsonAsync("/api/v1/clients")).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_OutboundAndTierPages_ReadButCannotChange()
    {
        using (var client = await fixture.Server.PostJsonAsync("/api/v1/clients", new { id = "ops_view", url = "ws://127.0.0.1:9/never", active = false }))
        {
            client.EnsureSuccessStatusCode();
        }

        using (var user = await fixture.Server.PostJsonAsync("/api/v1/users", new { username = "ops2", password = "operator-password-2", roles = new[] { "operator" } }))
        {
            user.EnsureSuccessStatusCode();
        }

        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, "ops2", "operator-password-2");
        await page.GotoAsync(fixture.AdminUrl + "/console/clients");
        await Assertions.Expect(page.Locator("#client-ops_view .state")).ToHaveTextAsync("stopped");
        await Assertions.Expect(page.Locator("#client-ops_view button")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("text=New client")).ToHaveCountAsync(0);
        await page.GotoAsync(fixture.AdminUrl + "/console/clients/edit?id=ops_view");
        await Assertions.Expect(page.Locator("#Form_Host")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#test")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#Message")).ToHaveCountAsync(0);
        await page.GotoAsync(fixture.AdminUrl + "/console/tiers");
        await Assertions.Expect(page.Locator("#tier-Gold")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tiers button")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#Form_Name")).ToBeDisabledAsync();
        await page.GotoAsync(fixture.AdminUrl + "/console/rules");
        await Assertions.Expect(page.Locator("text=New rule")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#Bridge_Id")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RuleActionOptions_BadHeaderAndTimeout_ErrorsInTheOptionsThenStored()
    {
        var page = await fixture.AdminPageAsync("/console/rules/edit");
        await page.FillAsync("#Form_Id", "hooked");
        await page.SelectOptionAsync("#Form_TriggerType", "Message");
        await page.SelectOptionAsync("#Form_SourceKind", "Channel");
        await page.FillAsync("#Form_Source", "news");
        await page.SelectOptionAsync("#Form_Actions_0__Type", "Webhook");
        await page.FillAsync("#Form_Actions_0__Url", "http://127.0.0.1:9/hook");
        await page.ClickAsync("#action-options-0 summary");
        await page.FillAsync("#Form_Actions_0__Headers", "Bad Header: x");
        await page.FillAsync("#Form_Actions_0__TimeoutMs", "0");
        await page.ClickAsync("#save");

        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Actions[0].Headers']")).ToContainTextAsync("is not an HTTP header name");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Actions[0].TimeoutMs']")).ToContainTextAsync("from 1 to 120000 milliseconds");
        await Assertions.Expect(page.Locator("#action-options-0")).ToHaveJSPropertyAsync("open", true);
        await fixture.ScreenshotAsync(page, "27-rule-action-options-errors");

        await page.FillAsync("#Form_Actions_0__Headers", "X-Source: {{source}}\nX-Team: ops");
        await page.FillAsync("#Form_Actions_0__TimeoutMs", "2000");
        await page.FillAsync("#Form_Actions_0__Method", "put");
        await page.FillAsync("#Form_Actions_0__ContentType", "application/json");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Rule hooked saved.");

        var action = (await fixture.Server.GetJsonAsync("/api/v1/rules/hooked")).GetProperty("config").GetProperty("actions")[0];
        Assert.Equal("PUT", action.GetProperty("method").GetString());
        Assert.Equal(2000, action.GetProperty("timeoutMs").GetInt32());
        Assert.Equal("application/json", action.GetProperty("contentType").GetString());
        Assert.Equal(SecretValues.Mask, action.GetProperty("headers").GetProperty("X-Source").GetString());
        var stored = Assert.Single(Assert.Single((await fixture.Server.ConfigWithSecretsAsync()).Rules, r => r.Id == "hooked").Actions).Headers;
        Assert.Equal("{{source}}", stored["X-Source"]);
        Assert.Equal("ops", stored["X-Team"]);

        // Opened again, the options show what is stored (header values masked, as every read shows them), open because
        // they differ from the defaults; saving the masked values back keeps the stored ones.
        await page.GotoAsync(fixture.AdminUrl + "/console/rules/edit?id=hooked");
        await Assertions.Expect(page.Locator("#action-options-0")).ToHaveJSPropertyAsync("open", true);
        await Assertions.Expect(page.Locator("#Form_Actions_0__Headers")).ToHaveValueAsync("X-Source: ********\nX-Team: ********");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".flash.ok")).ToHaveTextAsync("Rule hooked saved.");
        var kept = Assert.Single(Assert.Single((await fixture.Server.ConfigWithSecretsAsync()).Rules, r => r.Id == "hooked").Actions).Headers;
        Assert.Equal("{{source}}", kept["X-Source"]);
        await Assertions.Expect(page.Locator("#action-options-1")).ToHaveJSPropertyAsync("open", false);
    }
}
