using System.Net.WebSockets;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>Idle connections are closed with 1001 by the heartbeat, driven here by a manual clock instead of sleeping.</summary>
public sealed class IdleTimeoutTests
{
    [Fact]
    public async Task Heartbeat_IdleLongerThanTimeout_ClosesWith1001()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(time: clock);
        var listener = EchoListener("idle");
        listener["idleTimeoutMs"] = 5000;
        await CreateAsync(server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("idle", "/echo"));
        await ListedAsync(server, 1);

        clock.Advance(TimeSpan.FromSeconds(6));

        var close = await socket.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("client idle timeout", close.CloseDescription);
        Assert.Equal(1, Counter(await GetAsync(server, "idle"), "idleClosed"));
    }

    [Fact]
    public async Task Heartbeat_ConnectionKeepsSending_StaysOpen()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(time: clock);
        var listener = EchoListener("idle");
        listener["idleTimeoutMs"] = 5000;
        await CreateAsync(server, listener);
        using var quiet = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("idle", "/echo"));
        using var chatty = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("idle", "/echo"));
        await ListedAsync(server, 2);

        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            await AssertEchoesAsync(chatty, "tick " + i);
        }

        var close = await quiet.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal(WebSocketState.Open, chatty.State);
        await AssertEchoesAsync(chatty, "still open");
        Assert.Equal(1, Counter(await GetAsync(server, "idle"), "idleClosed"));
    }

    [Fact]
    public async Task Heartbeat_IdleTimeoutOff_NeverCloses()
    {
        var clock = new ManualTimeProvider();
        await using var server = await TestServer.StartAsync(time: clock);
        var listener = EchoListener("idle");
        listener["idleTimeoutMs"] = 0;
        await CreateAsync(server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("idle", "/echo"));
        await ListedAsync(server, 1);

        clock.Advance(TimeSpan.FromHours(1));

        await AssertEchoesAsync(socket, "still here");
        Assert.Equal(0, Counter(await GetAsync(server, "idle"), "idleClosed"));
    }

    /// <summary>
    /// The client's handshake completes as the 101 is written, a moment before the server lists the connection and starts
    /// timing it; the clock moves only after that.
    /// </summary>
    private static Task ListedAsync(TestServer server, int count) =>
        Eventually.TrueAsync(
            async () => (await server.GetJsonAsync("/api/v1/connections")).GetArrayLength() == count,
            TimeSpan.FromSeconds(10),
            "the connections are listed");
}
