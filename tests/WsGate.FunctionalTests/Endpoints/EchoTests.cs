using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Endpoints;

public sealed class EchoTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Echo_TextMessage_ReturnsSameText()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);

        await socket.SendTextAsync("hello, wsgate ✓");

        Assert.Equal("hello, wsgate ✓", await socket.ReceiveTextAsync());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Echo_BinaryMessage_ReturnsSameBytesAsBinary()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        var data = new byte[] { 0, 1, 2, 0xFF, 0xFE, 0x80 };

        await socket.SendBinaryAsync(data);

        var echoed = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, echoed.Type);
        Assert.Equal(data, echoed.Data);
    }

    [Fact]
    public async Task Echo_FragmentedMessage_ReturnsWholeMessage()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        var parts = new[] { "frag", "ment", "ed ✓" };

        for (var i = 0; i < parts.Length; i++)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(parts[i]), WebSocketMessageType.Text, i == parts.Length - 1, CancellationToken.None);
        }

        Assert.Equal("fragmented ✓", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Echo_EmptyMessages_ReturnsEmptyTextAndBinary()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);

        await socket.SendTextAsync("");
        var text = await socket.ReceiveMessageAsync();
        await socket.SendBinaryAsync([]);
        var binary = await socket.ReceiveMessageAsync();

        Assert.Equal((WebSocketMessageType.Text, 0), (text.Type, text.Data.Length));
        Assert.Equal((WebSocketMessageType.Binary, 0), (binary.Type, binary.Data.Length));
    }

    [Fact]
    public async Task Echo_OneMebibyteBinary_ReturnsIdenticalBytes()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        var data = RandomNumberGenerator.GetBytes(1024 * 1024);

        var send = socket.SendBinaryAsync(data);
        var echoed = await socket.ReceiveMessageAsync();
        await send;

        Assert.Equal(WebSocketMessageType.Binary, echoed.Type);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(echoed.Data));
    }

    [Fact]
    public async Task Echo_ManyMessagesInFlight_ReturnedInOrder()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);

        for (var i = 0; i < 200; i++)
        {
            await socket.SendTextAsync("m" + i);
        }

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("m" + i, await socket.ReceiveTextAsync());
        }
    }

    [Fact]
    public async Task Handshake_UnknownPath_Returns404Problem()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(_server.ListenerUri("default", "/nope"), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, socket.HttpStatusCode);
    }
}
