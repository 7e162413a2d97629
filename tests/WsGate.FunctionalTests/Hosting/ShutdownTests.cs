using System.Net.WebSockets;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Hosting;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_WithOpenConnections_ClosesEachWith1001AndStopsAccepting()
    {
        await using var server = await TestServer.StartAsync(drainTimeout: TimeSpan.FromSeconds(5));
        var echo = server.EchoUri;
        using var first = await WebSocketTestExtensions.ConnectAsync(server.EchoUri);
        using var second = await WebSocketTestExtensions.ConnectAsync(server.ChannelUri);
        var firstClose = first.ReceiveCloseAsync();
        var secondClose = second.ReceiveCloseAsync();

        await server.StopServerAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await firstClose).CloseStatus);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await secondClose).CloseStatus);
        Assert.Equal("server shutting down", (await firstClose).CloseDescription);
        using var late = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<Exception>(() => late.ConnectAsync(echo, CancellationToken.None));
    }

    [Fact]
    public async Task Stop_ClientNeverAnswersClose_FinishesWithinDrainTimeout()
    {
        await using var server = await TestServer.StartAsync(drainTimeout: TimeSpan.FromSeconds(1));
        using var silent = await WebSocketTestExtensions.ConnectAsync(server.EchoUri);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        // The client does not read, so it never answers the server's close frame.
        await server.StopServerAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"shutdown took {watch.Elapsed}");
    }
}
