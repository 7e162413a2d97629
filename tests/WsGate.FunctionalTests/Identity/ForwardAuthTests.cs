using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>The forward mode over real sockets: the web application's session endpoint (Kestrel on loopback) decides.</summary>
public sealed class ForwardAuthTests(ForwardAuthFixture fixture) : IClassFixture<ForwardAuthFixture>
{
    private static readonly string[] ForwardOnly = ["forward"];
    private readonly TestServer _server = fixture.Server;
    private readonly SessionEndpoint _endpoint = fixture.Endpoint;

    [Fact]
    public async Task Connect_GoodSession_EndpointGetsCookiesAndChosenHeadersAndUserGroupsListed()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, forward = new { url = _endpoint.Url, headers = new[] { "X-Csrf-Token" } } });
        var session = "good-" + Guid.NewGuid().ToString("N");

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o =>
        {
            o.SetRequestHeader("Cookie", $"session={session}; theme=dark");
            o.SetRequestHeader("X-Csrf-Token", "csrf-1");
            o.SetRequestHeader("X-Not-Forwarded", "private");
        });
        await socket.SendTextAsync("hi");

        Assert.Equal("hi", await socket.ReceiveTextAsync());
        var seen = _endpoint.Requests.Single(r => r.TryGetValue("Cookie", out var c) && c.Contains(session, StringComparison.Ordinal));
        Assert.Contains("theme=dark", seen["Cookie"], StringComparison.Ordinal);
        Assert.Equal("csrf-1", seen["X-Csrf-Token"]);
        Assert.Equal("/echo", seen["X-Forwarded-Uri"]);
        Assert.False(seen.ContainsKey("X-Not-Forwarded"));
        var connection = await OnlyConnectionAsync();
        Assert.Equal("webuser", connection.GetProperty("user").GetString());
        Assert.Equal(["staff", "web"], connection.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
    }

    [Theory]
    [InlineData("session=nobody", 401, "forward_unauthorized")]
    [InlineData("session=forbidden", 403, "forward_forbidden")]
    [InlineData("session=redirect", 401, "forward_unauthorized")]
    [InlineData("session=broken", 502, "forward_error")]
    public async Task Connect_EndpointRefusesOrFails_RefusedWithMappedStatus(string cookie, int status, string reason)
    {
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, forward = new { url = _endpoint.Url } });

        var answer = await RawHandshake.SendAsync(_server.EchoUri, ("Cookie", cookie));

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Connect_NoSession_EndpointAskedAndRefused401UnlessAnonymousAllowed()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, forward = new { url = _endpoint.Url } });
        var before = _endpoint.Requests.Count;
        var refused = await RawHandshake.SendAsync(_server.EchoUri);
        var asked = _endpoint.Requests.Count - before;

        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "anonymous", "forward" }, forward = new { url = _endpoint.Url } });
        before = _endpoint.Requests.Count;
        using var anonymous = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);

        Assert.Equal((401, "forward_unauthorized"), (refused.Status, refused.Reason));
        Assert.Equal(1, asked);
        Assert.Equal(WebSocketState.Open, anonymous.State);
        Assert.Equal(before, _endpoint.Requests.Count);
    }

    [Fact]
    public async Task Connect_SessionInChosenHeader_Admitted()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, forward = new { url = _endpoint.Url, headers = new[] { "X-Session-Token" } } });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("X-Session-Token", "good-header"));

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Connect_SameSessionWithinCacheTime_EndpointAskedOnce()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, forward = new { url = _endpoint.Url, cacheSeconds = 300 } });
        var session = "good-" + Guid.NewGuid().ToString("N");
        var refusedSession = "nobody-" + Guid.NewGuid().ToString("N");

        using (var first = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Cookie", "session=" + session)))
        using (var second = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Cookie", "session=" + session)))
        {
            Assert.Equal(WebSocketState.Open, second.State);
        }

        var refusals = new[]
        {
            await RawHandshake.SendAsync(_server.EchoUri, ("Cookie", "session=" + refusedSession)),
            await RawHandshake.SendAsync(_server.EchoUri, ("Cookie", "session=" + refusedSession)),
        };

        Assert.Equal(1, _endpoint.CallsWith(session));
        Assert.Equal(1, _endpoint.CallsWith(refusedSession));
        Assert.All(refusals, r => Assert.Equal(401, r.Status));
    }

    [Fact]
    public async Task Connect_NotCached_EndpointAskedEveryTime()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, forward = new { url = _endpoint.Url } });
        var session = "good-" + Guid.NewGuid().ToString("N");

        using (var first = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Cookie", "session=" + session)))
        using (var second = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Cookie", "session=" + session)))
        {
            Assert.Equal(WebSocketState.Open, second.State);
        }

        Assert.Equal(2, _endpoint.CallsWith(session));
    }

    [Fact]
    public async Task Connect_EndpointDown_Refused503AndLogged()
    {
        var down = new Uri($"http://127.0.0.1:{FreePort.Find()}/session/check");
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, forward = new { url = down } });

        var answer = await RawHandshake.SendAsync(_server.EchoUri, ("Cookie", "session=good-down"));

        Assert.Equal((503, "forward_unavailable"), (answer.Status, answer.Reason));
        Assert.Contains(_server.Logs.Lines, l => l.EventId.Id == 1320 && l.Message.Contains(down.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_EndpointNeverAnswers_Refused503AfterTimeout()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, forward = new { url = _endpoint.Url, timeoutMs = 300 } });

        var answer = await RawHandshake.SendAsync(_server.EchoUri, ("Cookie", "session=slow"));

        Assert.Equal((503, "forward_unavailable"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Connect_GroupRestriction_ForwardedGroupsHonoured()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, groups = new[] { "admins" }, forward = new { url = _endpoint.Url } });
        var outsider = await RawHandshake.SendAsync(_server.EchoUri, ("Cookie", "session=good-group"));

        await _server.SetListenerAuthenticationAsync(new { modes = ForwardOnly, groups = new[] { "staff" }, forward = new { url = _endpoint.Url } });
        using var member = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri, o => o.SetRequestHeader("Cookie", "session=good-group"));

        Assert.Equal((403, "not_in_group"), (outsider.Status, outsider.Reason));
        Assert.Equal(WebSocketState.Open, member.State);
    }

    [Fact]
    public async Task Connect_ApiWithItsOwnForwardSettings_SessionReachesTheBackend()
    {
        await _server.SetListenerAuthenticationAsync(new { modes = new[] { "anonymous" } });
        await _server.PublishApiAsync(
            "webapp",
            "/webapp",
            [fixture.Backend.Url("/headers")],
            new { authentication = new { modes = ForwardOnly, forward = new { url = _endpoint.Url } } });
        var uri = _server.ListenerUri("default", "/webapp/v1");

        var refused = await RawHandshake.SendAsync(uri, ("Cookie", "session=nobody"));
        using var admitted = await WebSocketTestExtensions.ConnectAsync(uri, o => o.SetRequestHeader("Cookie", "session=good-api"));

        Assert.Equal((401, "forward_unauthorized"), (refused.Status, refused.Reason));
        Assert.Contains("/headers", await admitted.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> OnlyConnectionAsync()
    {
        JsonElement[] connections = [];
        await Eventually.TrueAsync(async () =>
        {
            connections = [.. (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray()];
            return connections.Length == 1;
        });
        return connections[0];
    }
}
