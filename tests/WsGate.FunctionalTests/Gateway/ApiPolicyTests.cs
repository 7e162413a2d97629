using System.Net;
using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>The checks an API makes on the handshake before any upgrade, and its lifecycle.</summary>
public sealed class ApiPolicyTests : IClassFixture<ApiPolicyTests.Fixture>
{
    private const string AllowedOrigin = "https://app.example.com";

    private readonly TestServer _server;
    private readonly TestBackend _backend;

    public ApiPolicyTests(Fixture fixture)
    {
        _server = fixture.Server;
        _backend = fixture.Backend;
    }

    [Fact]
    public async Task Origin_AllowedOrigin_Relays()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/site/v1"), o => o.SetRequestHeader("Origin", AllowedOrigin));

        Assert.Equal("same site", await socket.EchoAsync("same site"));
    }

    [Fact]
    public async Task Origin_OtherOrigin_Returns403()
    {
        var refusal = await _server.RefusedHandshakeAsync("/site/v1", r => r.Headers.Add("Origin", "https://evil.example.com"));

        Assert.Equal(HttpStatusCode.Forbidden, refusal.Status);
        Assert.Contains("https://evil.example.com", refusal.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_backend.Handshakes, h => h.Headers.TryGetValue("Origin", out var o) && o.Contains("evil", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Origin_MissingWhenListSet_Returns403()
    {
        var refusal = await _server.RefusedHandshakeAsync("/site/v1");

        Assert.Equal(HttpStatusCode.Forbidden, refusal.Status);
        Assert.Contains("Origin", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequiredHeader_Missing_Returns400NamingIt()
    {
        var refusal = await _server.RefusedHandshakeAsync("/tenanted/v1");
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/tenanted/v1"), o => o.SetRequestHeader("X-Tenant", "acme"));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.Status);
        Assert.Contains("'X-Tenant'", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal("with header", await socket.EchoAsync("with header"));
    }

    [Fact]
    public async Task RequiredQuery_Missing_Returns400NamingIt()
    {
        var refusal = await _server.RefusedHandshakeAsync("/queried/v1?other=1");
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/queried/v1?token=abc"));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.Status);
        Assert.Contains("'token'", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal("with query", await socket.EchoAsync("with query"));
    }

    [Fact]
    public async Task HandshakeRate_SecondImmediateHandshake_Returns429UntilClockAdvances()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(time: clock);
        await server.PublishApiAsync("limited", "/limited", [_backend.Url("/echo")], new { policies = new { handshakesPerSecond = 1, handshakeBurst = 1 } });
        using var first = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("default", "/limited/v1"));

        var refusal = await server.RefusedHandshakeAsync("/limited/v1");
        clock.Advance(TimeSpan.FromSeconds(1));
        using var later = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("default", "/limited/v1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refusal.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), refusal.Headers.RetryAfter?.Delta);
        Assert.Equal("after a second", await later.EchoAsync("after a second"));
    }

    [Fact]
    public async Task Handshake_PostWithUpgradeHeaders_Returns405AllowingGet()
    {
        var handshakes = _backend.Handshakes.Count;

        var refusal = await _server.RefusedHandshakeAsync("/chat/v1", method: HttpMethod.Post);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, refusal.Status);
        Assert.Equal(["GET"], refusal.ContentHeaders.Allow);
        Assert.Equal(handshakes, _backend.Handshakes.Count);
    }

    [Fact]
    public async Task Handshake_UnsupportedVersion_Returns426NamingVersion13()
    {
        var refusal = await _server.RefusedHandshakeAsync("/chat/v1", r =>
        {
            r.Headers.Remove("Sec-WebSocket-Version");
            r.Headers.Add("Sec-WebSocket-Version", "8");
        });

        Assert.Equal(HttpStatusCode.UpgradeRequired, refusal.Status);
        Assert.Equal("13", string.Join(",", refusal.Headers.GetValues("Sec-WebSocket-Version")));
    }

    [Fact]
    public async Task Lifecycle_CreatedPublishedDeprecatedRetired_GovernNewAndOpenConnections()
    {
        await _server.PublishApiAsync("staged", "/staged", [_backend.Url("/echo")], new { lifecycle = "created" });
        var uri = _server.ListenerUri("default", "/staged/v1");

        var whileCreated = await _server.RefusedHandshakeAsync("/staged/v1");
        await SetLifecycleAsync("published");
        using var open = await WebSocketTestExtensions.ConnectAsync(uri);
        Assert.Equal("published", await open.EchoAsync("published"));

        await SetLifecycleAsync("deprecated");
        var whileDeprecated = await _server.RefusedHandshakeAsync("/staged/v1");
        Assert.Equal("still served", await open.EchoAsync("still served"));

        // Retiring waits for the open connections to close, so the client must already be reading to answer the close.
        var closing = open.ReceiveCloseAsync();
        await SetLifecycleAsync("retired");
        var close = await closing;

        Assert.Equal(HttpStatusCode.NotFound, whileCreated.Status);
        Assert.Contains("created", whileCreated.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, whileDeprecated.Status);
        Assert.Contains("deprecated", whileDeprecated.Detail, StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("API retired", close.CloseDescription);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.RefusedHandshakeAsync("/staged/v1")).Status);
    }

    private async Task SetLifecycleAsync(string state)
    {
        using var response = await _server.PostJsonAsync("/api/v1/apis/staged/lifecycle", new { state });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public sealed class Fixture : GatewayFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var echo = Backend.Url("/echo");
            await Server.PublishApiAsync("site", "/site", [echo], new { policies = new { allowedOrigins = new[] { AllowedOrigin } } });
            await Server.PublishApiAsync("tenanted", "/tenanted", [echo], new { policies = new { requiredHeaders = new[] { "X-Tenant" } } });
            await Server.PublishApiAsync("queried", "/queried", [echo], new { policies = new { requiredQuery = new[] { "token" } } });
            await Server.PublishApiAsync("chat", "/chat", [echo]);
        }
    }
}
