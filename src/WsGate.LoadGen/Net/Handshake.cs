using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WsGate.LoadGen.Net;

/// <summary>The client side of the RFC 6455 opening handshake, written by hand on a connected socket.</summary>
public static class Handshake
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private const int MaxResponse = 8 * 1024;

    /// <summary>
    /// Sends the upgrade request and reads the response head. Returns the bytes that came after the head (frames the
    /// server sent at once), copied into <paramref name="leftover"/>; the count is returned.
    /// </summary>
    public static async Task<int> UpgradeAsync(Socket socket, TargetEndpoint target, Memory<byte> leftover, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = Encoding.ASCII.GetBytes(
            $"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.HostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
        await SendAllAsync(socket, request, cancellationToken);

        var buffer = new byte[MaxResponse];
        var filled = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length)
            {
                throw new HandshakeException(0, $"the response head is larger than {MaxResponse} bytes");
            }

            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new HandshakeException(0, "the server closed the connection during the handshake");
            }

            filled += read;
        }

        var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        var lines = head.Split("\r\n");
        var status = ParseStatus(lines[0]);
        if (status != 101)
        {
            throw new HandshakeException(status, $"the server answered the upgrade with '{lines[0]}'");
        }

#pragma warning disable CA5350 // RFC 6455 section 4.2.2 defines Sec-WebSocket-Accept with SHA-1; it is not used for security here.
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
#pragma warning restore CA5350
        var accept = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .FirstOrDefault(parts => parts.Length == 2 && parts[0].Trim().Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase));
        if (accept is null || accept[1].Trim() != expected)
        {
            throw new HandshakeException(101, "the server's Sec-WebSocket-Accept is missing or wrong");
        }

        var extra = filled - (headEnd + 4);
        if (extra > leftover.Length)
        {
            throw new HandshakeException(101, $"the server sent {extra} bytes right after the handshake; at most {leftover.Length} were expected");
        }

        buffer.AsMemory(headEnd + 4, extra).CopyTo(leftover);
        return extra;
    }

    private static int ParseStatus(string statusLine)
    {
        var parts = statusLine.Split(' ', 3);
        return parts.Length >= 2 && parts[0].StartsWith("HTTP/", StringComparison.Ordinal) && int.TryParse(parts[1], out var code) ? code : 0;
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }
}
