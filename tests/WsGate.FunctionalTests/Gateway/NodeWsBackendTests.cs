using System.Net.WebSockets;
using System.Security.Cryptography;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// Interop with a stock third-party WebSocket stack, Node's <c>ws</c>: ClientWebSocket through WsGate (a frames-mode and
/// a stream-mode API) to a <c>ws</c> echo server, and the <c>ws</c> client against WsGate's own echo and through an API.
/// </summary>
public sealed class NodeWsBackendTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private NodeWsServer _node = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _node = await NodeWsServer.StartAsync();
        await _server.PublishApiAsync("nodeframes", "/nodeframes", [_node.Url("/echo")]);
        await _server.PublishApiAsync("nodestream", "/nodestream", [_node.Url("/echo")], new { relayMode = "stream" });
        await _server.PublishApiAsync("selfecho", "/selfecho", [_server.EchoUri]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Theory]
    [InlineData("nodeframes")]
    [InlineData("nodestream")]
    public async Task Relay_TextAndBinary_EchoedByNodeWsWithTheirTypes(string api)
    {
        using var socket = await ConnectAsync(api);

        await socket.SendTextAsync("héllo ws");
        var text = await socket.ReceiveMessageAsync();
        await socket.SendBinaryAsync([0, 1, 2, 0xFE, 0xFF]);
        var binary = await socket.ReceiveMessageAsync();

        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("héllo ws", text.Text);
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 0, 1, 2, 0xFE, 0xFF }, binary.Data);
    }

    [Theory]
    [InlineData("nodeframes")]
    [InlineData("nodestream")]
    public async Task Relay_OneMiBMessage_EchoedWhole(string api)
    {
        using var socket = await ConnectAsync(api);
        var data = RandomNumberGenerator.GetBytes(1024 * 1024);

        await socket.SendBinaryAsync(data);
        var echoed = await socket.ReceiveMessageAsync();

        Assert.Equal(WebSocketMessageType.Binary, echoed.Type);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(echoed.Data));
    }

    [Theory]
    [InlineData("nodeframes")]
    [InlineData("nodestream")]
    public async Task Handshake_SubProtocolOffered_NodeWsChoiceReturned(string api)
    {
        using var socket = await ConnectAsync(api, o =>
        {
            o.AddSubProtocol("chat.v1");
            o.AddSubProtocol("chat.v2");
        });

        await socket.SendTextAsync("with a subprotocol");

        Assert.Equal("chat.v2", socket.SubProtocol);
        Assert.Equal("with a subprotocol", await socket.ReceiveTextAsync());
    }

    [Theory]
    [InlineData("nodeframes")]
    [InlineData("nodestream")]
    public async Task Close_ClientCode4001_AnsweredByNodeWsWithSameCode(string api)
    {
        using var socket = await ConnectAsync(api);
        await socket.SendTextAsync("before closing");
        await socket.ReceiveTextAsync();

        using var timeout = new CancellationTokenSource(WebSocketTestExtensions.DefaultTimeout);
        await socket.CloseAsync((WebSocketCloseStatus)4001, "client says bye", timeout.Token);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal((WebSocketCloseStatus)4001, socket.CloseStatus);
        Assert.Equal("client says bye", socket.CloseStatusDescription);
    }

    [Theory]
    [InlineData("/echo")]
    [InlineData("/nodeframes")]
    [InlineData("/nodestream")]
    [InlineData("/selfecho")]
    public async Task NodeWsClient_AgainstWsGate_EchoesAndClosesWith4001(string path)
    {
        // WsGate's own echo picks no subprotocol, and ws fails a handshake whose offer goes unanswered, so only the
        // APIs in front of the Node backend (which picks chat.v2) are offered subprotocols.
        var toNode = path is "/nodeframes" or "/nodestream";

        var result = await NodeWsClient.RunAsync(_server.ListenerUri("default", path), toNode ? ["chat.v1", "chat.v2"] : []);

        Assert.Null(result.Error);
        Assert.Equal(new Dictionary<string, bool> { ["text"] = true, ["binary"] = true, ["large"] = true }, result.Echoes);
        Assert.Equal(4001, result.CloseCode);
        Assert.Equal("node says bye", result.CloseReason);
        Assert.Equal(toNode ? "chat.v2" : "", result.Protocol);
    }

    private Task<ClientWebSocket> ConnectAsync(string api, Action<ClientWebSocketOptions>? configure = null) =>
        WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", $"/{api}/v1"), configure);
}
