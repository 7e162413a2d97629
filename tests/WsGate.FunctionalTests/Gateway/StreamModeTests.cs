using System.Net;
using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>APIs relaying in <c>stream</c> mode: bytes are copied after the handshake, yet closes and counters still work.</summary>
public sealed class StreamModeTests(StreamModeTests.Fixture fixture) : IClassFixture<StreamModeTests.Fixture>
{
    private readonly TestServer _server = fixture.Server;
    private readonly TestBackend _backend = fixture.Backend;

    [Fact]
    public async Task Relay_TextAndBinary_EchoedThroughStream()
    {
        using var socket = await ConnectAsync();

        var text = await socket.EchoAsync("streamed");
        await socket.SendBinaryAsync([9, 8, 7]);
        var binary = await socket.ReceiveMessageAsync();

        Assert.Equal("streamed", text);
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 9, 8, 7 }, binary.Data);
    }

    [Fact]
    public async Task Handshake_SubProtocolOffered_BackendsChoiceReturned()
    {
        using var socket = await ConnectAsync(o =>
        {
            o.AddSubProtocol("chat.v1");
            o.AddSubProtocol("chat.v2");
        });

        Assert.Equal("chat.v2", socket.SubProtocol);
        Assert.Equal("after subprotocol", await socket.EchoAsync("after subprotocol"));
    }

    [Fact]
    public async Task Close_ClientCode4001_ReachesBackendAndComesBack()
    {
        using var socket = await ConnectAsync();
        await socket.EchoAsync("hi");

        await socket.CloseAsync((WebSocketCloseStatus)4001, "client says bye", CancellationToken.None);

        Assert.Equal((WebSocketCloseStatus)4001, socket.CloseStatus);
        Assert.Equal("client says bye", socket.CloseStatusDescription);
        await Eventually.TrueAsync(() => _backend.ClosesReceived.Any(c => c.Status == (WebSocketCloseStatus)4001 && c.Reason == "client says bye"));
    }

    [Fact]
    public async Task Connections_StreamConnection_ListedWithRelayModeAndCounters()
    {
        using var socket = await ConnectAsync();
        await socket.EchoAsync("abc");
        await socket.EchoAsync("defg");

        var connection = Assert.Single(await _server.ConnectionsOfAsync("raw", 1));

        Assert.Equal("raw", connection.GetProperty("api").GetString());
        Assert.Equal("stream", connection.GetProperty("relayMode").GetString());
        Assert.Equal(2, connection.GetProperty("messagesIn").GetInt64());
        Assert.Equal(2, connection.GetProperty("messagesOut").GetInt64());

        // Both relay modes count message bytes (payloads), read from the frame headers; headers and masks are not counted.
        Assert.Equal(3 + 4, connection.GetProperty("bytesIn").GetInt64());
        Assert.Equal(3 + 4, connection.GetProperty("bytesOut").GetInt64());
    }

    [Fact]
    public async Task AdminClose_Code4005_InjectedCloseReachesClient()
    {
        using var socket = await ConnectAsync();
        await socket.EchoAsync("before close");
        var id = Assert.Single(await _server.ConnectionsOfAsync("raw", 1)).GetProperty("id").GetString();

        using var closed = await _server.PostJsonAsync($"/api/v1/connections/{id}/close", new { code = 4005, reason = "operator" });
        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
        Assert.Equal((WebSocketCloseStatus)4005, close.CloseStatus);
        Assert.Equal("operator", close.CloseDescription);
        await Eventually.TrueAsync(() => _backend.ClosesReceived.Any(c => c.Status == (WebSocketCloseStatus)4005));
        await _server.ConnectionsOfAsync("raw", 0);
    }

    [Fact]
    public async Task Handshake_BackendUnreachable_Returns502()
    {
        await _server.PublishApiAsync("gone", "/gone", [new Uri($"ws://127.0.0.1:{FreePort.Find()}/")], new { relayMode = "stream" });

        var refusal = await _server.RefusedHandshakeAsync("/gone/v1");

        Assert.Equal(HttpStatusCode.BadGateway, refusal.Status);
        Assert.Contains("connection refused", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_OpenStreamConnection_ClosedWith1001()
    {
        await using var server = await TestServer.StartAsync();
        await server.PublishApiAsync("raw", "/raw", [_backend.Url("/echo")], new { relayMode = "stream" });
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("default", "/raw/v1"));
        await socket.EchoAsync("before shutdown");
        var closing = socket.ReceiveCloseAsync();

        await server.StopServerAsync();

        var close = await closing;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("server shutting down", close.CloseDescription);
    }

    private Task<ClientWebSocket> ConnectAsync(Action<ClientWebSocketOptions>? configure = null) =>
        WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/raw/v1"), configure);

    public sealed class Fixture : GatewayFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await Server.PublishApiAsync("raw", "/raw", [Backend.Url("/echo")], new { relayMode = "stream" });
        }
    }
}
