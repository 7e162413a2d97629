using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Endpoints;

public sealed class EchoTests
{
    [Fact]
    public async Task Echo_TextMessage_ReturnsSameText()
    {
        await using var server = await TestServer.StartAsync();
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.EchoUri);

        await socket.SendTextAsync("hello, wsgate");

        Assert.Equal("hello, wsgate", await socket.ReceiveTextAsync());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }
}
