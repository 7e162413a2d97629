using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Identity;

/// <summary>Credentials that stop being valid close live connections with 1008 once the grace has passed, not before.</summary>
public sealed class LiveCredentialTests(LiveCredentialFixture fixture) : IClassFixture<LiveCredentialFixture>
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(2000);
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Tick_TokenExpired_OpenDuringGraceThenClosed1008CredentialExpired()
    {
        var (_, keys) = await SubscribedApplicationAsync("exp-owner");
        var token = await _server.RequestTokenAsync(keys);
        using var socket = await ConnectApiAsync(o => o.SetRequestHeader("Authorization", "Bearer " + token));

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        await fixture.Monitor.TickAsync(revalidate: false, CancellationToken.None);
        await socket.SendTextAsync("still here");
        Assert.Equal("still here", await socket.ReceiveTextAsync());

        fixture.Clock.Advance(Grace);
        await fixture.Monitor.TickAsync(revalidate: false, CancellationToken.None);

        await AssertClosedAsync(socket, "credential expired");
    }

    [Fact]
    public async Task Tick_UserDisabled_BasicConnectionClosed1008UserDisabled()
    {
        await _server.CreateUserAsync("dis", "dis-Pw-93jd7s");
        using var socket = await ConnectListedAsync(
            _server.EchoUri,
            o => o.SetRequestHeader("Authorization", IdentityTestExtensions.Basic("dis", "dis-Pw-93jd7s")),
            c => c.TryGetProperty("user", out var user) && user.GetString() == "dis");

        using var patchedBody = IdentityTestExtensions.Json(new { enabled = false });
        using (var patched = await _server.Admin.PatchAsync("/api/v1/users/dis", patchedBody))
        {
            await IdentityTestExtensions.ExpectAsync(patched, System.Net.HttpStatusCode.OK);
        }

        await fixture.Monitor.TickAsync(revalidate: false, CancellationToken.None);
        await socket.SendTextAsync("within grace");
        Assert.Equal("within grace", await socket.ReceiveTextAsync());
        fixture.Clock.Advance(Grace);
        await fixture.Monitor.TickAsync(revalidate: false, CancellationToken.None);

        await AssertClosedAsync(socket, "user disabled");
    }

    [Fact]
    public async Task Tick_SubscriptionRemoved_OAuth2ConnectionClosed1008SubscriptionRemoved()
    {
        var (app, keys) = await SubscribedApplicationAsync("sub-owner");
        var token = await _server.RequestTokenAsync(keys);
        using var socket = await ConnectApiAsync(o => o.SetRequestHeader("Authorization", "Bearer " + token));

        using (var removed = await _server.Admin.DeleteAsync($"/api/v1/applications/{app}/subscriptions/live"))
        {
            Assert.True(removed.IsSuccessStatusCode);
        }

        await fixture.Monitor.TickAsync(revalidate: false, CancellationToken.None);
        fixture.Clock.Advance(Grace);
        await fixture.Monitor.TickAsync(revalidate: false, CancellationToken.None);

        await AssertClosedAsync(socket, "subscription removed");
    }

    [Fact]
    public async Task Tick_KeysRegenerated_OldApiKeyConnectionClosed1008()
    {
        var (app, keys) = await SubscribedApplicationAsync("key-owner");
        using var socket = await ConnectApiAsync(o => o.SetRequestHeader("X-API-Key", keys.GetProperty("apiKey").GetString()));

        var fresh = await _server.GenerateKeysAsync(app);
        await fixture.Monitor.TickAsync(revalidate: false, CancellationToken.None);
        fixture.Clock.Advance(Grace);
        await fixture.Monitor.TickAsync(revalidate: false, CancellationToken.None);

        await AssertClosedAsync(socket, "API key revoked");
        using var renewed = await ConnectApiAsync(o => o.SetRequestHeader("X-API-Key", fresh.GetProperty("apiKey").GetString()));
        Assert.Equal(WebSocketState.Open, renewed.State);
    }

    private async Task<(string App, JsonElement Keys)> SubscribedApplicationAsync(string owner)
    {
        await _server.CreateUserAsync(owner, owner + "-Pw-k2j4h5");
        var app = await _server.CreateApplicationAsync(owner, owner + "-app");
        var keys = await _server.GenerateKeysAsync(app);
        await _server.SubscribeAsync(app, "live");
        return (app, keys);
    }

    private Task<ClientWebSocket> ConnectApiAsync(Action<ClientWebSocketOptions> configure) =>
        ConnectListedAsync(_server.ListenerUri("default", "/live/v1"), configure, c => c.TryGetProperty("api", out var api) && api.GetString() == "live");

    /// <summary>
    /// Connects and waits until the server lists the connection: the client sees 101 a moment before the session is
    /// registered, and an invalidation processed in that moment would find nothing to close. A connection is new when
    /// its id was not listed before (another one may be leaving meanwhile, so a count could stay the same).
    /// </summary>
    private async Task<ClientWebSocket> ConnectListedAsync(Uri uri, Action<ClientWebSocketOptions> configure, Func<JsonElement, bool> match)
    {
        var before = await ListedAsync(match);
        var socket = await WebSocketTestExtensions.ConnectAsync(uri, configure);
        await Eventually.TrueAsync(async () => (await ListedAsync(match)).Except(before).Any());
        return socket;
    }

    private async Task<HashSet<string>> ListedAsync(Func<JsonElement, bool> match) =>
        (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray().Where(match).Select(c => c.GetProperty("id").GetString()!).ToHashSet();

    private static async Task AssertClosedAsync(ClientWebSocket socket, string reason)
    {
        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
        Assert.Equal(reason, close.CloseDescription);
    }
}
