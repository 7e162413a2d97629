using System.Net;
using System.Text;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Outbound;

public sealed class OutboundClientTests(OutboundFixture fixture) : IClassFixture<OutboundFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Create_FromUrl_AutofillsAndConnectsWithCredentialsHeadersAndSubprotocol()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new
        {
            id = "Feed_1",
            name = "feed",
            url = $"ws://reporter:s3cret@127.0.0.1:{remote.Port}/report?info=common&date=20201201",
            headers = new Dictionary<string, string> { ["X-Tenant"] = "acme" },
            subProtocol = "json",
        });

        var view = await Server.GetJsonAsync("/api/v1/clients/feed_1");
        var config = view.GetProperty("config");
        Assert.Equal("127.0.0.1", config.GetProperty("host").GetString());
        Assert.Equal(remote.Port, config.GetProperty("port").GetInt32());
        Assert.False(config.GetProperty("useTls").GetBoolean());
        Assert.Equal("/report?info=common&date=20201201", config.GetProperty("path").GetString());
        Assert.Equal("********", config.GetProperty("basic").GetProperty("password").GetString());

        await Server.WaitForClientAsync("feed_1", "open");
        var (target, headers) = Assert.Single(remote.Handshakes);
        Assert.Equal("/report?info=common&date=20201201", target);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("reporter:s3cret")), headers["Authorization"]);
        Assert.Equal("acme", headers["X-Tenant"]);
        Assert.Equal("json", headers["Sec-WebSocket-Protocol"]);
    }

    [Fact]
    public async Task Send_OnOpenClient_ReachesServerAndEchoIsCounted()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "sender", url = remote.Url("/in").ToString() });
        await Server.WaitForClientAsync("sender", "open");

        using var response = await Server.PostJsonAsync("/api/v1/clients/sender/send", new { text = "hello remote" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(() => remote.Messages.Contains("hello remote"));
        await Server.WaitForClientAsync("sender", "open", s => s.GetProperty("messagesIn").GetInt64() == 1 && s.GetProperty("messagesOut").GetInt64() == 1);
    }

    [Fact]
    public async Task ServerRestart_ClientReconnects()
    {
        var remote = RawWebSocketServer.Start();
        try
        {
            await Server.CreateAsync("clients", new { id = "resilient", url = remote.Url().ToString(), reconnect = new { enabled = true, intervalSeconds = 1, maxIntervalSeconds = 2 } });
            await Server.WaitForClientAsync("resilient", "open");

            await remote.StopAsync();
            var backingOff = await Server.WaitForClientAsync("resilient", "backingOff");
            Assert.False(string.IsNullOrEmpty(backingOff.GetProperty("lastError").GetString()));

            remote.Restart();
            var reopened = await Server.WaitForClientAsync("resilient", "open");
            Assert.True(reopened.GetProperty("connects").GetInt64() >= 2);
            Assert.Equal(2, remote.Handshakes.Count);
        }
        finally
        {
            await remote.DisposeAsync();
        }
    }

    [Fact]
    public async Task PingInterval_PingsObservedAtServer()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "pinger", url = remote.Url().ToString(), pingIntervalSeconds = 1 });
        await Server.WaitForClientAsync("pinger", "open");

        await Eventually.TrueAsync(() => remote.Pings >= 2, TimeSpan.FromSeconds(15), "two pings at the server");
        Assert.Equal("open", (await Server.ClientStatusAsync("pinger")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task GarbageFromServer_ConnectionClosedAndClientBacksOffWithReason()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "garbled", url = remote.Url("/garbage").ToString(), reconnect = new { enabled = true, intervalSeconds = 60 } });

        var status = await Server.WaitForClientAsync("garbled", "backingOff", s => s.GetProperty("disconnects").GetInt64() >= 1);
        Assert.Contains("protocol error", status.GetProperty("lastError").GetString());
        Assert.True(status.TryGetProperty("nextAttemptAt", out _));
        await Eventually.TrueAsync(() => remote.OpenConnections == 0, because: "the server sees the connection closed");
    }

    [Fact]
    public async Task Test_ReachableAndRefused_PlainResult()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "probe_ok", url = remote.Url("/t").ToString(), active = false });
        await Server.CreateAsync("clients", new { id = "probe_bad", url = $"ws://127.0.0.1:{FreePort.Find()}/", active = false });

        using var okResponse = await Server.Admin.PostAsync("/api/v1/clients/probe_ok/test", null);
        var ok = JsonDocument.Parse(await okResponse.Content.ReadAsStringAsync()).RootElement;
        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Equal("stopped", (await Server.ClientStatusAsync("probe_ok")).GetProperty("state").GetString());

        using var badResponse = await Server.Admin.PostAsync("/api/v1/clients/probe_bad/test", null);
        var bad = JsonDocument.Parse(await badResponse.Content.ReadAsStringAsync()).RootElement;
        Assert.False(bad.GetProperty("ok").GetBoolean());
        Assert.Equal("connection refused", bad.GetProperty("error").GetString());
    }

    [Fact]
    public async Task DisconnectAndConnect_ByHand_StopAndReopen()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "manual", url = remote.Url().ToString(), reconnect = new { enabled = true, intervalSeconds = 1 } });
        await Server.WaitForClientAsync("manual", "open");

        using (var response = await Server.Admin.PostAsync("/api/v1/clients/manual/disconnect", null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Server.WaitForClientAsync("manual", "stopped");
        using (var refused = await Server.PostJsonAsync("/api/v1/clients/manual/send", new { text = "nobody" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        using (var response = await Server.Admin.PostAsync("/api/v1/clients/manual/connect", null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Server.WaitForClientAsync("manual", "open");
    }

    [Fact]
    public async Task Wss_CertificateValidatedAgainstCaBundle_OpenOnlyWithTheBundle()
    {
        var folder = Directory.CreateTempSubdirectory("wsgate-outbound-tls-").FullName;
        try
        {
            var certificates = TestCertificates.Create(folder);
            await using var secure = await TestBackend.StartAsync("secure", certificates);
            await Server.CreateAsync("clients", new { id = "tls_untrusted", url = secure.Url("/echo").ToString() });
            await Server.CreateAsync("clients", new { id = "tls_bundled", url = secure.Url("/echo").ToString(), tls = new { caBundleFile = certificates.CaPemFile } });

            var trusted = await Server.WaitForClientAsync("tls_bundled", "open");
            Assert.StartsWith("wss://localhost:", trusted.GetProperty("url").GetString());
            var untrusted = await Server.WaitForClientAsync("tls_untrusted", "stopped", s => s.GetProperty("failures").GetInt64() == 1);
            Assert.Contains("TLS", untrusted.GetProperty("lastError").GetString());
        }
        finally
        {
            // The fixture's server is shared: its configuration must not keep naming a CA file that is about to go.
            (await Server.Admin.DeleteAsync("/api/v1/clients/tls_untrusted")).Dispose();
            (await Server.Admin.DeleteAsync("/api/v1/clients/tls_bundled")).Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Create_BadInput_RefusedNamingTheField()
    {
        Assert.Equal(["url"], await Server.RefusedFieldsAsync("clients", new { id = "bad1", url = "ws//not a url" }));
        Assert.Equal(["port"], await Server.RefusedFieldsAsync("clients", new { id = "bad2", host = "example.com", port = 70000 }));
        Assert.Equal(["host"], await Server.RefusedFieldsAsync("clients", new { id = "bad3" }));
        Assert.Equal(["id"], await Server.RefusedFieldsAsync("clients", new { id = "9lives", host = "example.com" }));
        Assert.Equal(["url"], await Server.RefusedFieldsAsync("clients", new { id = "bad4", url = "ftp://example.com/" }));
    }

    [Fact]
    public async Task Export_ClientsAndRules_Included()
    {
        await Server.CreateAsync("clients", new { id = "exported", host = "example.com", port = 8443, useTls = true, active = false });
        await Server.CreateAsync("rules", new { id = "exported_rule", trigger = new { client = "exported" }, actions = new[] { new { type = "log" } } });

        var yaml = await Server.Admin.GetStringAsync("/api/v1/config/export");
        Assert.Contains("exported_rule", yaml);
        Assert.Contains("example.com", yaml);
    }
}
