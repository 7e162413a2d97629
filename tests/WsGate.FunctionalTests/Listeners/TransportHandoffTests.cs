using System.Net.Sockets;
using System.Text;
using static WsGate.FunctionalTests.Listeners.RawWebSocketClient;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// An accepted WebSocket leaves Kestrel's HTTP request and goes on over the connection's transport: nothing the client
/// sent before or with the handshake may be lost or misread across that hand-off. Written on a raw TCP socket so the
/// bytes' timing is the test's to choose.
/// </summary>
public sealed class TransportHandoffTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Upgrade_AfterKeepAliveHttpRequest_EchoesOnTheSameConnection()
    {
        var uri = fixture.Server.EchoUri;
        using var tcp = await ConnectAsync(uri);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {uri.Authority}\r\n\r\n"));
        var (head, rest) = await ReadHeadAsync(stream, []);
        var body = await ReadExactlyAsync(stream, rest, ContentLength(head));
        await stream.WriteAsync(UpgradeRequest(uri));
        var (upgrade, leftover) = await ReadHeadAsync(stream, body.Remaining);
        await stream.WriteAsync(MaskedText("after plain http"));

        Assert.StartsWith("HTTP/1.1 ", head, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 101", upgrade, StringComparison.Ordinal);
        Assert.Equal("after plain http", (await ReadTextFrameAsync(stream, leftover)).Text);
    }

    [Fact]
    public async Task Upgrade_FramesSentWithTheHandshake_AreEchoedInOrder()
    {
        var uri = fixture.Server.EchoUri;
        using var tcp = await ConnectAsync(uri);
        var stream = tcp.GetStream();

        // The handshake and two frames in one write: the frames sit in the transport behind the request's headers when
        // the HTTP request ends, and must reach the WebSocket that takes the transport over.
        byte[] burst = [.. UpgradeRequest(uri), .. MaskedText("first"), .. MaskedText("second")];
        await stream.WriteAsync(burst);
        var (upgrade, leftover) = await ReadHeadAsync(stream, []);
        var first = await ReadTextFrameAsync(stream, leftover);
        var second = await ReadTextFrameAsync(stream, first.Remaining);

        Assert.StartsWith("HTTP/1.1 101", upgrade, StringComparison.Ordinal);
        Assert.Equal("first", first.Text);
        Assert.Equal("second", second.Text);
    }

    private static async Task<TcpClient> ConnectAsync(Uri uri)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        tcp.GetStream().ReadTimeout = 15_000;
        return tcp;
    }
}
