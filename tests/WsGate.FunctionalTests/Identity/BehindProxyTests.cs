using System.Globalization;
using System.Text.Json.Nodes;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// WsGate behind a real HAProxy, as docs/cluster.md deploys it, with the listener trusting HAProxy's address: the client
/// address comes from <c>X-Forwarded-For</c> (HAProxy's <c>option forwardfor</c>) or from a PROXY protocol v2 header
/// (<c>send-proxy-v2</c>). Tests may use only 127.0.0.1, so HAProxy stands in for a world of clients: its frontend takes
/// each request's source address from a test header (<c>http-request set-src</c>), and that is the address it then
/// forwards, exactly as it would forward a real one.
/// </summary>
public sealed class BehindProxyTests : IAsyncLifetime
{
    private const string Attacker = "203.0.113.66";
    private const string Victim = "198.51.100.7";
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(time: _clock);
        await _server.ImportLockoutAsync(lockoutSeconds: 300);
        await _server.CreateUserAsync("victim", "victim-Pw-5k2j8d");
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "basic", "apiKey" } });
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private static string HaproxyConfig(int port, int listenerPort, bool proxyProtocol) => string.Create(CultureInfo.InvariantCulture, $"""
        global
            maxconn 200

        defaults
            mode http
            timeout connect 2s
            timeout client 30s
            timeout server 30s
            timeout tunnel 1h

        frontend websockets
            bind 127.0.0.1:{port}
            # Test only: the client's address is whatever X-Test-Client says (see the class summary).
            http-request set-src hdr(x-test-client)
            http-request del-header x-test-client
            default_backend wsgate

        backend wsgate
            {(proxyProtocol ? "" : "option forwardfor")}
            server node 127.0.0.1:{listenerPort} {(proxyProtocol ? "send-proxy-v2" : "")}

        """);

    private async Task<HaproxyProcess> StartBehindHaproxyAsync(bool proxyProtocol, string[]? deny = null)
    {
        await _server.ConfigureListenerAsync("default", listener =>
        {
            listener["proxies"] = new JsonObject { ["trusted"] = new JsonArray("127.0.0.1"), ["proxyProtocol"] = proxyProtocol };
            if (deny is not null)
            {
                listener["access"] = new JsonObject { ["mode"] = "allowByDefault", ["deny"] = new JsonArray(deny.Select(d => (JsonNode)d).ToArray()) };
            }
        });
        return await HaproxyProcess.StartAsync(port => HaproxyConfig(port, _server.EchoUri.Port, proxyProtocol));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connect_AttackerBehindProxyLockedOut_VictimBehindSameProxyAdmitted(bool proxyProtocol)
    {
        using var haproxy = await StartBehindHaproxyAsync(proxyProtocol);
        var echo = haproxy.Uri("/echo");
        for (var i = 0; i < 3; i++)
        {
            var guess = await RawHandshake.SendAsync(echo, ("X-Test-Client", Attacker), ("X-API-Key", "wsg_ak_guess" + i));
            Assert.Equal((401, "invalid_api_key"), (guess.Status, guess.Reason));
        }

        var attackerAgain = await RawHandshake.SendAsync(echo, ("X-Test-Client", Attacker), ("Authorization", IdentityTestExtensions.Basic("victim", "victim-Pw-5k2j8d")));
        using var victim = await WebSocketTestExtensions.ConnectAsync(echo, o =>
        {
            o.SetRequestHeader("X-Test-Client", Victim);
            o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("victim", "victim-Pw-5k2j8d"));
        });
        // The client sees its 101 as soon as HAProxy relays it; the server lists the connection a moment later.
        await Eventually.TrueAsync(async () => (await _server.GetJsonAsync("/api/v1/connections")).GetArrayLength() == 1, TimeSpan.FromSeconds(10), "the victim's connection was never listed");
        var connections = await _server.GetJsonAsync("/api/v1/connections");
        var lockouts = await _server.GetJsonAsync("/api/v1/lockouts?lockedOnly=true");

        Assert.Equal((401, "locked_out"), (attackerAgain.Status, attackerAgain.Reason));
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, victim.State);
        Assert.StartsWith(Victim + ":", Assert.Single(connections.EnumerateArray()).GetProperty("remoteAddress").GetString(), StringComparison.Ordinal);
        Assert.Equal("ip:" + Attacker, Assert.Single(lockouts.EnumerateArray()).GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData(false, 403)]
    [InlineData(true, 502)]
    public async Task Connect_DenyRuleOnVictimsRealAddress_VictimRefusedOthersAdmitted(bool proxyProtocol, int refusedStatus)
    {
        using var haproxy = await StartBehindHaproxyAsync(proxyProtocol, deny: [Victim]);
        var echo = haproxy.Uri("/echo");

        var refused = await RawHandshake.SendAsync(echo, ("X-Test-Client", Victim), ("Authorization", IdentityTestExtensions.Basic("victim", "victim-Pw-5k2j8d")));
        using var other = await WebSocketTestExtensions.ConnectAsync(echo, o =>
        {
            o.SetRequestHeader("X-Test-Client", Attacker);
            o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("victim", "victim-Pw-5k2j8d"));
        });
        var listener = await _server.GetJsonAsync("/api/v1/listeners/default");

        // Through X-Forwarded-For WsGate answers itself; with the PROXY protocol it closes the connection before HTTP,
        // and HAProxy tells the client its server is unavailable.
        Assert.Equal(refusedStatus, refused.Status);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, other.State);
        Assert.True(listener.GetProperty("counters").GetProperty("deniedByAccess").GetInt64() >= 1);
    }

    [Fact]
    public async Task Connect_ForwardedForFromUntrustedPeer_Ignored()
    {
        // No proxies are trusted: a client's own X-Forwarded-For must not let it pose as someone else.
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o =>
        {
            o.SetRequestHeader("X-Forwarded-For", Victim);
            o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("victim", "victim-Pw-5k2j8d"));
        });
        // The client has its 101 a moment before the server lists the connection.
        await Eventually.TrueAsync(
            async () => (await _server.GetJsonAsync("/api/v1/connections")).GetArrayLength() > 0, TimeSpan.FromSeconds(10), "the connection was never listed");
        var connections = await _server.GetJsonAsync("/api/v1/connections");

        Assert.StartsWith("127.0.0.1:", Assert.Single(connections.EnumerateArray()).GetProperty("remoteAddress").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutListener_ProxyProtocolWithoutTrustedProxies_RefusedNamingTheField()
    {
        var view = System.Text.Json.Nodes.JsonNode.Parse((await _server.GetJsonAsync("/api/v1/listeners/default")).GetRawText())!;
        var config = view["config"]!.AsObject();
        config["proxies"] = new JsonObject { ["proxyProtocol"] = true };

        using var requestBody = new StringContent(config.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _server.Admin.PutAsync("/api/v1/listeners/default", requestBody);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("proxies.trusted", body, StringComparison.Ordinal);
    }
}
