using System.Net;
using Microsoft.Playwright;
using WsGate.Testing;

namespace WsGate.ConsoleTests;

/// <summary>The listener pages: every listener setting an operator changes has an input, and what needs attention stands out.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleListenerTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task ListenerForm_RatesAndHttpFallback_BadWindowNextToItsInputThenSavedAndServed()
    {
        using (var created = await fixture.Server.PostJsonAsync("/api/v1/listeners", new { id = "form_fallback", bindings = new[] { "127.0.0.1:0" }, endpoints = new[] { new { path = "/echo" } } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await fixture.AdminPageAsync("/console/listeners/edit?id=form_fallback");
        await page.FillAsync("#Form_PerClientIp_MessagesPerWindow", "50");
        await page.FillAsync("#Form_PerClientIp_WindowMs", "0");
        await page.SelectOptionAsync("#Form_HttpFallbackMode", "Html");
        await page.FillAsync("#Form_HttpFallbackHtml", "<h1>set in the console</h1>");
        await page.ClickAsync("form[data-draft='listener'] button[type=submit]");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.PerClientIp.WindowMs']")).Not.ToBeEmptyAsync();

        await page.FillAsync("#Form_PerClientIp_WindowMs", "1000");
        await page.FillAsync("#Form_Rate_MessagesPerWindow", "5000");
        await page.FillAsync("#Form_MaxConnectionsPerClientIp", "7");
        await page.ClickAsync("form[data-draft='listener'] button[type=submit]");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("form_fallback saved");

        var config = (await fixture.Server.GetJsonAsync("/api/v1/listeners/form_fallback")).GetProperty("config");
        var throttling = config.GetProperty("throttling");
        Assert.Equal(50, throttling.GetProperty("perClientIp").GetProperty("messagesPerWindow").GetInt64());
        Assert.Equal(1000, throttling.GetProperty("perClientIp").GetProperty("windowMs").GetInt32());
        Assert.Equal(5000, throttling.GetProperty("rate").GetProperty("messagesPerWindow").GetInt64());
        Assert.Equal(7, throttling.GetProperty("maxConnectionsPerClientIp").GetInt32());
        Assert.Equal("html", config.GetProperty("httpFallback").GetProperty("mode").GetString());
        using var http = new HttpClient();
        var root = fixture.Server.ListenerUri("form_fallback", "/");
        Assert.Contains("<h1>set in the console</h1>", await http.GetStringAsync(new UriBuilder(root) { Scheme = "http" }.Uri), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenerForm_FrontSidePublicUrlAndMaxDuration_BadMethodNextToItsInputThenSavedAndShown()
    {
        using (var created = await fixture.Server.PostJsonAsync("/api/v1/listeners", new { id = "form_front", bindings = new[] { "127.0.0.1:0" }, endpoints = new[] { new { path = "/echo" } } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await fixture.AdminPageAsync("/console/listeners/edit?id=form_front");
        await page.FillAsync("#Form_PublicUrl", "https://Chat.Example.com/ws/");
        await page.FillAsync("#Form_AllowedMethods", "GET, FETCH");
        await page.FillAsync("#Form_AllowedHttpVersions", "1.1");
        await page.FillAsync("#Form_MaxConnectionDurationMs", "60000");
        await page.FillAsync("#Form_Endpoints_0__MaxConnectionDurationMs", "5000");
        await page.ClickAsync("form[data-draft='listener'] button[type=submit]");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.AllowedMethods']")).ToContainTextAsync("'FETCH' is not an HTTP method");

        await page.FillAsync("#Form_AllowedMethods", "GET, HEAD");
        await page.ClickAsync("form[data-draft='listener'] button[type=submit]");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("form_front saved");

        var config = (await fixture.Server.GetJsonAsync("/api/v1/listeners/form_front")).GetProperty("config");
        Assert.Equal("https://Chat.Example.com/ws/", config.GetProperty("publicUrl").GetString());
        Assert.True(config.GetProperty("allowWebSocketUpgrade").GetBoolean());
        Assert.Equal(["GET", "HEAD"], config.GetProperty("allowedMethods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["1.1"], config.GetProperty("allowedHttpVersions").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(60000, config.GetProperty("maxConnectionDurationMs").GetInt64());
        Assert.Equal(5000, config.GetProperty("endpoints")[0].GetProperty("maxConnectionDurationMs").GetInt64());

        await page.GotoAsync(fixture.AdminUrl + "/console/listeners/edit?id=form_front");
        await Assertions.Expect(page.Locator("#client-urls")).ToContainTextAsync("wss://chat.example.com/ws/echo");
        await Assertions.Expect(page.Locator("#client-urls")).ToContainTextAsync("wsgate client test wss://chat.example.com/ws/echo");

        await page.UncheckAsync("#Form_AllowWebSocketUpgrade");
        await page.ClickAsync("form[data-draft='listener'] button[type=submit]");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("form_front saved");
        Assert.False((await fixture.Server.GetJsonAsync("/api/v1/listeners/form_front")).GetProperty("config").GetProperty("allowWebSocketUpgrade").GetBoolean());
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => WebSocketTestExtensions.ConnectAsync(fixture.Server.ListenerUri("form_front", "/echo")));
    }


    [Fact]
    public async Task ListenerForm_AccountsAndForward_BadUrlNextToItsInputThenSaved()
    {
        using (var created = await fixture.Server.PostJsonAsync("/api/v1/listeners", new { id = "form_auth", bindings = new[] { "127.0.0.1:0" }, endpoints = new[] { new { path = "/echo" } } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await fixture.AdminPageAsync("/console/listeners/edit?id=form_auth");
        await page.UncheckAsync("input[name='Form.AuthModes'][value='Anonymous']");
        await page.CheckAsync("input[name='Form.AuthModes'][value='Basic']");
        await page.CheckAsync("input[name='Form.AuthModes'][value='Forward']");
        await page.SelectOptionAsync("#Form_Authentication_Accounts", "Both");
        await page.FillAsync("#Form_Authentication_PamService", "wsgate-console");
        await page.FillAsync("#Form_Authentication_Groups", "staff\nwsgate-users");
        await page.FillAsync("#Form_Authentication_Forward_Url", "not a url");
        await page.FillAsync("#Form_Authentication_Forward_Headers", "X-Csrf-Token");
        await page.ClickAsync("form[data-draft='listener'] button[type=submit]");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Form.Authentication.Forward.Url']")).ToContainTextAsync("http or https");

        await page.FillAsync("#Form_Authentication_Forward_Url", "http://127.0.0.1:8080/session/check");
        await page.FillAsync("#Form_Authentication_Forward_CacheSeconds", "30");
        await page.ClickAsync("form[data-draft='listener'] button[type=submit]");
        await Assertions.Expect(page.Locator(".flash.ok")).ToContainTextAsync("form_auth saved");

        var authentication = (await fixture.Server.GetJsonAsync("/api/v1/listeners/form_auth")).GetProperty("config").GetProperty("authentication");
        Assert.Equal(["basic", "forward"], authentication.GetProperty("modes").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("both", authentication.GetProperty("accounts").GetString());
        Assert.Equal("wsgate-console", authentication.GetProperty("pamService").GetString());
        Assert.Equal(["staff", "wsgate-users"], authentication.GetProperty("groups").EnumerateArray().Select(m => m.GetString()));
        var forward = authentication.GetProperty("forward");
        Assert.Equal("http://127.0.0.1:8080/session/check", forward.GetProperty("url").GetString());
        Assert.Equal(["X-Csrf-Token"], forward.GetProperty("headers").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(30, forward.GetProperty("cacheSeconds").GetInt32());
    }

    [Fact]
    public async Task ListenersPage_CertificateExpiringWithin30Days_ShownInTheErrorColour()
    {
        var folder = Directory.CreateTempSubdirectory("wsgate-console-cert-").FullName;
        var certificates = TestCertificates.Create(folder, TimeSpan.FromDays(10));
        using (var stored = await fixture.Server.PutJsonAsync("/api/v1/certificates/soon", new { certificateFile = certificates.CertificatePemFile, keyFile = certificates.KeyPemFile }))
        {
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }

        using (var created = await fixture.Server.PostJsonAsync("/api/v1/listeners", new { id = "expiring_wss", protocol = "wss", certificate = "soon", bindings = new[] { "127.0.0.1:0" }, endpoints = new[] { new { path = "/echo" } } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await fixture.AdminPageAsync("/console/listeners");
        var expiry = page.Locator("tr:has-text('expiring_wss') .help.error");

        await Assertions.Expect(expiry).ToContainTextAsync("expires");
        var colour = await expiry.EvaluateAsync<string>("e => getComputedStyle(e).color");
        var muted = await page.Locator(".help:not(.error)").First.EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.NotEqual(muted, colour);
        Assert.Equal(await page.EvaluateAsync<string>("() => { const s = document.createElement('span'); s.className = 'error'; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; }"), colour);
    }

    [Fact]
    public async Task Subscriber_OpensTheRootAndSignsIn_LandsOnThePortal()
    {
        using (var created = await fixture.Server.PostJsonAsync("/api/v1/users", new { username = "rootvisitor", password = "rootvisitor-Pw-5k2j8d", roles = new[] { "subscriber" } }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.AdminUrl + "/");
        Assert.Contains("/console/login", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#Username", "rootvisitor");
        await page.FillAsync("#Password", "rootvisitor-Pw-5k2j8d");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Contains("/portal", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Not allowed");
    }
}
