using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WsGate.ConformanceTests.Client;

/// <summary>
/// A deliberately dumb WebSocket client over a raw TCP socket: it performs the HTTP/1.1 upgrade (RFC 6455 section 4.1),
/// then writes whatever bytes it is given (well-formed or not, in one write or chopped into many) and reads the server's
/// frames without judging them. Every read and write takes a cancellation token; callers give each a deadline.
/// </summary>
public sealed class RawWebSocketClient : IAsyncDisposable
{
    /// <summary>The GUID of RFC 6455 section 1.3 that the server appends to the key to form Sec-WebSocket-Accept.</summary>
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private const int MaxHandshakeBytes = 16 * 1024;
    private const long MaxFrameLength = 64L * 1024 * 1024;

    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[14];

    private RawWebSocketClient(Socket socket)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects to <paramref name="uri"/> (ws:// only) and completes the opening handshake.</summary>
    public static async Task<RawWebSocketClient> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.Scheme != "ws")
        {
            throw new ArgumentException($"only ws:// is supported, not {uri}", nameof(uri));
        }

#pragma warning disable CA2000 // Disposed in the catch below on failure; otherwise the RawWebSocketClient owns and disposes it.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
#pragma warning restore CA2000
        try
        {
            var endpoint = IPAddress.TryParse(uri.Host, out var address) ? (EndPoint)new IPEndPoint(address, uri.Port) : new DnsEndPoint(uri.Host, uri.Port);
            await socket.ConnectAsync(endpoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new RawWebSocketClient(socket);
        try
        {
            await client.HandshakeAsync(uri, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> as one write, or as writes of <paramref name="chop"/> bytes each when it is positive.
    /// Writes never interleave: a frame split across writes is not cut by another caller's frame.
    /// </summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, int chop, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (chop <= 0)
            {
                await _stream.WriteAsync(bytes, cancellationToken);
                return;
            }

            for (var offset = 0; offset < bytes.Length; offset += chop)
            {
                await _stream.WriteAsync(bytes.Slice(offset, Math.Min(chop, bytes.Length - offset)), cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Reads the next frame as sent, unmasking it if the server (wrongly) masked it; null when the server closed TCP.</summary>
    public async Task<Frame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (!await ReadExactOrEndAsync(_header.AsMemory(0, 2), cancellationToken))
        {
            return null;
        }

        var fin = (_header[0] & 0x80) != 0;
        var rsv = (_header[0] >> 4) & 0x7;
        var opcode = (Opcode)(_header[0] & 0xF);
        var masked = (_header[1] & 0x80) != 0;
        long length = _header[1] & 0x7F;
        if (length == 126)
        {
            await _stream.ReadExactlyAsync(_header.AsMemory(2, 2), cancellationToken);
            length = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2));
        }
        else if (length == 127)
        {
            await _stream.ReadExactlyAsync(_header.AsMemory(2, 8), cancellationToken);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2));
        }

        if (length is < 0 or > MaxFrameLength)
        {
            throw new InvalidDataException($"server frame announces {length} bytes");
        }

        var key = new byte[4];
        if (masked)
        {
            await _stream.ReadExactlyAsync(key, cancellationToken);
        }

        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, cancellationToken);
        if (masked)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= key[i & 3];
            }
        }

        return new Frame(opcode, payload, fin, rsv, masked);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _writeLock.Dispose();
    }

    private async Task HandshakeAsync(Uri uri, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request =
            $"GET {uri.PathAndQuery} HTTP/1.1\r\n" +
            $"Host: {uri.Authority}\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\n" +
            "Sec-WebSocket-Version: 13\r\n" +
            "\r\n";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);

        var lines = (await ReadResponseHeadAsync(cancellationToken)).Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || status[1] != "101")
        {
            throw new InvalidDataException($"expected 101 Switching Protocols, got '{lines[0]}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        // RFC 6455 section 4.2.2 fixes SHA-1 for Sec-WebSocket-Accept; it proves the server read the key, it protects nothing.
#pragma warning disable CA5350
        var expectedAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
#pragma warning restore CA5350
        if (!headers.TryGetValue("Sec-WebSocket-Accept", out var accept) || accept != expectedAccept)
        {
            throw new InvalidDataException($"Sec-WebSocket-Accept is '{accept}', expected '{expectedAccept}'");
        }

        if (!headers.TryGetValue("Upgrade", out var upgrade) || !upgrade.Equals("websocket", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"Upgrade header is '{upgrade}'");
        }
    }

    /// <summary>Reads the response head byte by byte so that no frame byte after it is consumed.</summary>
    private async Task<string> ReadResponseHeadAsync(CancellationToken cancellationToken)
    {
        var head = new List<byte>(256);
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (head.Count > MaxHandshakeBytes || await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new InvalidDataException("the server ended or overran the handshake response");
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString(head.ToArray(), 0, head.Count - 4);
    }

    private async Task<bool> ReadExactOrEndAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(buffer, cancellationToken);
        if (read == 0)
        {
            return false;
        }

        if (read < buffer.Length)
        {
            await _stream.ReadExactlyAsync(buffer[read..], cancellationToken);
        }

        return true;
    }
}
