using System.Globalization;
using System.Text;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// A WebSocket client's bytes written by hand on a stream (TCP, or TLS over TCP), so a test chooses their timing: the
/// upgrade request, masked client frames (RFC 6455 section 5.2, payloads under 126 bytes) and reads that keep what
/// arrived beyond what they return.
/// </summary>
internal static class RawWebSocketClient
{
    private static readonly byte[] Mask = [0x37, 0xfa, 0x21, 0x3d];

    public static byte[] UpgradeRequest(Uri uri) => Encoding.ASCII.GetBytes(
        $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

    public static byte[] MaskedText(string text) => MaskedFrame(0x81, Encoding.UTF8.GetBytes(text));

    /// <summary>A close frame with code 1000 (RFC 6455 section 5.5.1).</summary>
    public static byte[] MaskedClose() => MaskedFrame(0x88, [0x03, 0xe8]);

    /// <summary>Reads one unmasked server frame with a payload under 126 bytes.</summary>
    public static async Task<(byte Opcode, byte[] Payload, byte[] Remaining)> ReadFrameAsync(Stream stream, byte[] buffered)
    {
        var header = await ReadExactlyAsync(stream, buffered, 2);
        var payload = await ReadExactlyAsync(stream, header.Remaining, header.Bytes[1]);
        return ((byte)(header.Bytes[0] & 0x0f), payload.Bytes, payload.Remaining);
    }

    public static async Task<(string Text, byte[] Remaining)> ReadTextFrameAsync(Stream stream, byte[] buffered)
    {
        var (opcode, payload, remaining) = await ReadFrameAsync(stream, buffered);
        Assert.Equal(1, opcode);
        return (Encoding.UTF8.GetString(payload), remaining);
    }

    public static async Task<(string Head, byte[] Remaining)> ReadHeadAsync(Stream stream, byte[] buffered)
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

    public static async Task<(byte[] Bytes, byte[] Remaining)> ReadExactlyAsync(Stream stream, byte[] buffered, int count)
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

    public static int ContentLength(string head)
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

    private static byte[] MaskedFrame(byte first, byte[] payload)
    {
        var frame = new byte[6 + payload.Length];
        frame[0] = first;
        frame[1] = (byte)(0x80 | payload.Length);
        Mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ Mask[i % 4]);
        }

        return frame;
    }
}
