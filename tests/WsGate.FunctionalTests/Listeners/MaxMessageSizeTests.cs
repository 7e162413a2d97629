using System.Net.WebSockets;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>A message larger than the listener's max message size closes the connection with 1009.</summary>
public sealed class MaxMessageSizeTests
{
    [Fact]
    public async Task Send_OverMaxMessageSize_ClosesWith1009()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("small");
        listener["maxMessageSize"] = 1024;
        await CreateAsync(server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("small", "/echo"));

        await socket.SendBinaryAsync(new byte[1025]);

        var close = await socket.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
        Assert.Equal(1, Counter(await GetAsync(server, "small"), "tooBigClosed"));
    }

    [Fact]
    public async Task Send_FragmentsOverMaxMessageSize_ClosesWith1009()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("small");
        listener["maxMessageSize"] = 1024;
        await CreateAsync(server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("small", "/echo"));

        // Each fragment is within the limit; the message as a whole is not.
        await socket.SendAsync(new byte[600], WebSocketMessageType.Binary, false, CancellationToken.None);
        await socket.SendAsync(new byte[600], WebSocketMessageType.Binary, true, CancellationToken.None);

        var close = await socket.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
    }

    [Fact]
    public async Task Send_ExactlyMaxMessageSize_Echoes()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("small");
        listener["maxMessageSize"] = 1024;
        await CreateAsync(server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("small", "/echo"));

        await socket.SendBinaryAsync(new byte[1024]);

        var echoed = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, echoed.Type);
        Assert.Equal(1024, echoed.Data.Length);
    }
}
