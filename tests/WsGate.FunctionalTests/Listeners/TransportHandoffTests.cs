using System.Globalization;
using System.Net.Sockets;
using System.Text;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// An accepted WebSocket leaves Kestrel's HTTP request and goes on over the connection's transport: nothing the client
/// sent before or with the handshake may be lost or misread across that hand-off. Written on a raw TCP socket so the
/// bytes' timing is the test's to choose.
/// </summary>
public sealed class TransportHandoffTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly byte[] Mask = [0x37, 0xfa, 0x21, 0x3d];

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

    private static byte[] UpgradeRequest(Uri uri) => Encoding.ASCII.GetBytes(
        $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

    /// <summary>A client text frame (RFC 6455 section 5.2): FIN, opcode 1, masked, payload under 126 bytes.</summary>
    private static byte[] MaskedText(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[6 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        Mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ Mask[i % 4]);
        }

        return frame;
    }

    /// <summary>Reads one unmasked server text frame with a payload under 126 bytes.</summary>
    private static async Task<(string Text, byte[] Remaining)> ReadTextFrameAsync(NetworkStream stream, byte[] buffered)
    {
        var header = await ReadExactlyAsync(stream, buffered, 2);
        Assert.Equal(0x81, header.Bytes[0]);
        var payload = await ReadExactlyAsync(stream, header.Remaining, header.Bytes[1]);
        return (Encoding.UTF8.GetString(payload.Bytes), payload.Remaining);
    }

    private static async Task<(string Head, byte[] Remaining)> ReadHeadAsync(NetworkStream stream, byte[] buffered)
    {
        var received = new List<byte>(buffered);
        var buffer = new byte[4096];
        int end;
        while ((end = Encoding.Latin1.GetString([.. received]).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "the server closed the connection before the end of the response head");
            received.AddRange(buffer.AsSpan(0, read));
        }

        return (Encoding.Latin1.GetString([.. received], 0, end), [.. received.Skip(end + 4)]);
    }

    private static async Task<(byte[] Bytes, byte[] Remaining)> ReadExactlyAsync(NetworkStream stream, byte[] buffered, int count)
    {
        var received = new List<byte>(buffered);
        var buffer = new byte[4096];
        while (received.Count < count)
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "the server closed the connection early");
            received.AddRange(buffer.AsSpan(0, read));
        }

        return ([.. received.Take(count)], [.. received.Skip(count)]);
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
