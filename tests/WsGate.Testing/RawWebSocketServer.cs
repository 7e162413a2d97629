using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WsGate.Testing;

/// <summary>
/// A WebSocket server written on a bare socket so a test sees what a managed server hides: every ping frame the client
/// sends (RFC 6455 section 5.5.2), the handshake as sent, each data frame's RSV1 bit and size, the close codes it gets,
/// and a restart on the same port. Echoes messages, answers pings with pongs and closes with the client's code.
/// <c>/garbage</c> sends an invalid frame; <c>/reject</c> answers 403; <c>/deflate</c> accepts a permessage-deflate offer
/// (without context takeover either way) and echoes compressed messages as they came, RSV1 and all, without inflating.
/// </summary>
public sealed class RawWebSocketServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Peer> _peers = new();
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;
    private int _nextPeer;
    private int _pings;

    private RawWebSocketServer(int port)
    {
        Port = port;
    }

    public int Port { get; private set; }

    public Uri Url(string path = "/") => new($"ws://127.0.0.1:{Port}{path}");

    /// <summary>Ping frames received from clients.</summary>
    public int Pings => Volatile.Read(ref _pings);

    /// <summary>Handshakes seen: request target and headers.</summary>
    public ConcurrentQueue<(string Target, IReadOnlyDictionary<string, string> Headers)> Handshakes { get; } = new();

    /// <summary>Text messages received, oldest first.</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Every data frame received: whether RSV1 (compressed, RFC 7692) was set, and its payload length.</summary>
    public ConcurrentQueue<(bool Rsv1, int Length)> DataFrames { get; } = new();

    /// <summary>Close frames received: code (1005 for none) and reason.</summary>
    public ConcurrentQueue<(int Code, string Reason)> Closes { get; } = new();

    public int OpenConnections => _peers.Count;

    public static RawWebSocketServer Start(int port = 0)
    {
        var server = new RawWebSocketServer(port);
        server.Listen();
        return server;
    }

    /// <summary>Drops every connection without a close frame (as a crashed server would) and stops listening.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        foreach (var peer in _peers.Values)
        {
            peer.Client.Close();
        }

        _peers.Clear();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restart()
    {
        _stop = new CancellationTokenSource();
        Listen();
    }

    /// <summary>Sends a text message to every open connection.</summary>
    public async Task SendToAllAsync(string text)
    {
        foreach (var peer in _peers.Values)
        {
            await peer.SendAsync(0x1, Encoding.UTF8.GetBytes(text));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _listener?.Dispose();
        _stop.Dispose();
    }

    private void Listen()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var listener = _listener;
        var stop = _stop.Token;
        _accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client, stop));
            }
        });
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        var id = Interlocked.Increment(ref _nextPeer);
        var peer = new Peer(client);
        try
        {
            var stream = client.GetStream();
            var (target, headers) = await ReadHeadAsync(stream, stop);
            Handshakes.Enqueue((target, headers));
            if (target.StartsWith("/reject", StringComparison.Ordinal))
            {
                await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop);
                return;
            }

            // RFC 6455 section 4.2.2 fixes SHA-1 for Sec-WebSocket-Accept; it checks the handshake, it is not security.
#pragma warning disable CA5350
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
            var response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                .Append("Sec-WebSocket-Accept: ").Append(accept).Append("\r\n");
            if (headers.TryGetValue("Sec-WebSocket-Protocol", out var protocols))
            {
                response.Append("Sec-WebSocket-Protocol: ").Append(protocols.Split(',')[0].Trim()).Append("\r\n");
            }

            if (target.StartsWith("/deflate", StringComparison.Ordinal)
                && headers.TryGetValue("Sec-WebSocket-Extensions", out var offer) && offer.Contains("permessage-deflate", StringComparison.OrdinalIgnoreCase))
            {
                response.Append("Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n");
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(response.Append("\r\n").ToString()), stop);
            if (target.StartsWith("/garbage", StringComparison.Ordinal))
            {
                // RSV1 set without an extension: the client must fail the connection (RFC 6455 section 5.2).
                await stream.WriteAsync(new byte[] { 0xC1, 0x03, (byte)'b', (byte)'a', (byte)'d' }, stop);
            }

            _peers[id] = peer;
            await RunFramesAsync(peer, stream, stop);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or KeyNotFoundException)
        {
        }
        finally
        {
            _peers.TryRemove(id, out _);
            client.Dispose();
        }
    }

    private async Task RunFramesAsync(Peer peer, NetworkStream stream, CancellationToken stop)
    {
        var message = new List<byte>();
        var messageOpcode = 0;
        var messageRsv1 = false;
        while (true)
        {
            var head = await ReadExactlyAsync(stream, 2, stop);
            var fin = (head[0] & 0x80) != 0;
            var rsv1 = (head[0] & 0x40) != 0;
            var opcode = head[0] & 0x0F;
            long length = head[1] & 0x7F;
            if (length == 126)
            {
                var ext = await ReadExactlyAsync(stream, 2, stop);
                length = (ext[0] << 8) | ext[1];
            }
            else if (length == 127)
            {
                var ext = await ReadExactlyAsync(stream, 8, stop);
                length = 0;
                foreach (var b in ext)
                {
                    length = (length << 8) | b;
                }
            }

            var mask = (head[1] & 0x80) != 0 ? await ReadExactlyAsync(stream, 4, stop) : null;
            var payload = await ReadExactlyAsync(stream, (int)length, stop);
            if (mask is not null)
            {
                for (var i = 0; i < payload.Length; i++)
                {
                    payload[i] ^= mask[i % 4];
                }
            }

            switch (opcode)
            {
                case 0x9:
                    Interlocked.Increment(ref _pings);
                    await peer.SendAsync(0xA, payload);
                    break;
                case 0xA:
                    break;
                case 0x8:
                    Closes.Enqueue((payload.Length >= 2 ? (payload[0] << 8) | payload[1] : 1005, payload.Length > 2 ? Encoding.UTF8.GetString(payload, 2, payload.Length - 2) : ""));
                    await peer.SendAsync(0x8, payload);
                    return;
                default:
                    DataFrames.Enqueue((rsv1, payload.Length));
                    if (opcode != 0)
                    {
                        messageOpcode = opcode;
                        messageRsv1 = rsv1;
                    }

                    message.AddRange(payload);
                    if (fin)
                    {
                        var data = message.ToArray();
                        message.Clear();
                        if (messageOpcode == 0x1 && !messageRsv1)
                        {
                            Messages.Enqueue(Encoding.UTF8.GetString(data));
                        }

                        await peer.SendAsync(messageOpcode, data, messageRsv1);
                    }

                    break;
            }
        }
    }

    private static async Task<(string Target, IReadOnlyDictionary<string, string> Headers)> ReadHeadAsync(NetworkStream stream, CancellationToken stop)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 4 || !(bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, stop) == 0)
            {
                throw new IOException("closed during the handshake");
            }

            bytes.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(bytes.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return (lines[0].Split(' ')[1], headers);
    }

    private static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count, CancellationToken stop)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, stop);
        return buffer;
    }

    private sealed class Peer(TcpClient client)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public TcpClient Client { get; } = client;

        /// <summary>One unmasked frame, as a server sends (RFC 6455 section 5.1); RSV1 marks a compressed message (RFC 7692).</summary>
        public async Task SendAsync(int opcode, byte[] payload, bool rsv1 = false)
        {
            var head = new List<byte> { (byte)(0x80 | (rsv1 ? 0x40 : 0) | opcode) };
            if (payload.Length < 126)
            {
                head.Add((byte)payload.Length);
            }
            else if (payload.Length <= ushort.MaxValue)
            {
                head.Add(126);
                head.Add((byte)(payload.Length >> 8));
                head.Add((byte)payload.Length);
            }
            else
            {
                head.Add(127);
                for (var shift = 56; shift >= 0; shift -= 8)
                {
                    head.Add((byte)((long)payload.Length >> shift));
                }
            }

            await _send.WaitAsync();
            try
            {
                var stream = Client.GetStream();
                await stream.WriteAsync(head.Concat(payload).ToArray());
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
