using System.Net;
using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Throttling;

/// <summary>Connection caps from the subscription's tier (per application, per user) and per client IP: excess handshakes get 429.</summary>
[Collection(ThrottlingFixture.Collection)]
public sealed class ConnectionCapTests(ThrottlingFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task PerApplication_TierCapReached_429WithRetryAfterUntilOneCloses()
    {
        await fixture.CreateTierAsync(new { name = "OneSocket", maxConnectionsPerApplication = 1 });
        await fixture.PublishAsync("cap_app", keysOnly: true);
        var key = await fixture.SubscribedKeyAsync("one-socket-app", "cap_app", "OneSocket");
        var first = await Connect(key);

        var refusal = await _server.RefusedHandshakeAsync("/cap_app/v1", r => r.Headers.Add("X-API-Key", key));

        Assert.Equal(HttpStatusCode.TooManyRequests, refusal.Status);
        Assert.NotNull(refusal.Headers.RetryAfter?.Delta);
        Assert.Contains("OneSocket tier's limit of 1 connections", refusal.Detail, StringComparison.Ordinal);
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        first.Dispose();
        await _server.ConnectionsOfAsync("cap_app", 0);
        using var again = await Connect(key);
        Assert.Equal("again", await again.EchoAsync("again"));
    }

    [Fact]
    public async Task PerUser_TierCapReached_SecondApplicationOfSameOwnerRefused()
    {
        await fixture.CreateTierAsync(new { name = "OnePerUser", maxConnectionsPerUser = 1 });
        await fixture.PublishAsync("cap_user", keysOnly: true);
        var firstKey = await fixture.SubscribedKeyAsync("user-app-1", "cap_user", "OnePerUser");
        var secondKey = await fixture.SubscribedKeyAsync("user-app-2", "cap_user", "OnePerUser");
        using var first = await Connect(firstKey, "/cap_user/v1");

        var refusal = await _server.RefusedHandshakeAsync("/cap_user/v1", r => r.Headers.Add("X-API-Key", secondKey));

        Assert.Equal(HttpStatusCode.TooManyRequests, refusal.Status);
        Assert.Contains("user 'owner'", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerClientIp_ApiCapReached_429()
    {
        await fixture.PublishAsync("cap_ip", new { maxConnectionsPerClientIp = 2 });
        using var first = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/cap_ip/v1"));
        using var second = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/cap_ip/v1"));

        var refusal = await _server.RefusedHandshakeAsync("/cap_ip/v1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refusal.Status);
        Assert.Contains("client 127.0.0.1 is at API 'cap_ip''s limit of 2 connections per client IP", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal("still open", await first.EchoAsync("still open"));
    }

    [Fact]
    public async Task HandshakeRate_Exceeded_429WithRetryAfter()
    {
        await _server.PublishApiAsync("cap_rate", "/cap_rate", [fixture.Backend.Url("/echo")], new { policies = new { handshakesPerSecond = 1, handshakeBurst = 1 } });
        using var first = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/cap_rate/v1"));

        var refusal = await _server.RefusedHandshakeAsync("/cap_rate/v1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refusal.Status);
        Assert.NotNull(refusal.Headers.RetryAfter?.Delta);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        using var afterRefill = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/cap_rate/v1"));
        Assert.Equal("refilled", await afterRefill.EchoAsync("refilled"));
    }

    private Task<ClientWebSocket> Connect(string apiKey, string path = "/cap_app/v1") =>
        WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", path), o => o.SetRequestHeader("X-API-Key", apiKey));
}
