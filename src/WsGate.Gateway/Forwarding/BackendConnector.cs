using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text;
using WsGate.Configuration.Validation;
using WsGate.Connections;
using WsGate.Management;
using WsGate.Protocol;
using WsGate.Routing;
using WsGate.Tls;

namespace WsGate.Forwarding;

/// <summary>
/// Connects to a backend and performs the opening handshake on a raw connection (TCP, with TLS for wss), so a relay
/// gets the connection's transport itself, with no HTTP client, stream or pipe in between. <see cref="ConnectAsync"/>
/// writes the handshake headers it is given (the <c>stream</c> relay passes the client's own, so the backend's answer is
/// valid for the client unchanged); <see cref="ConnectFramesAsync"/> performs WsGate's own handshake and checks the
/// answer as a client must (RFC 6455 section 4.1).
/// </summary>
public sealed class BackendConnector(LiveConfig live)
{
    private const int MaxResponseHead = 16 * 1024;

    /// <summary>Whether a client's header may be forwarded: not one WsGate's own handshake to the backend sets, nor hop-by-hop.</summary>
    public static bool CanForward(string header) => !HttpNames.IsHandshakeOwned(header);

    /// <summary>
    /// WsGate's own handshake (its key, the client's subprotocols, the deflate offer of <paramref name="request"/>), with the
    /// answer checked: the accept key, a subprotocol that was offered, an extension answer to what was offered.
    /// </summary>
    public async Task<BackendConnection> ConnectFramesAsync(BackendRequest request, Uri endpoint, CancellationToken cancellationToken)
    {
        var key = WebSocketHandshake.NewKey();
        var handshake = new List<KeyValuePair<string, string>>
        {
            KeyValuePair.Create("Sec-WebSocket-Key", key),
            KeyValuePair.Create("Sec-WebSocket-Version", "13"),
        };
        if (request.SubProtocols.Count > 0)
        {
            handshake.Add(KeyValuePair.Create("Sec-WebSocket-Protocol", string.Join(", ", request.SubProtocols)));
        }

        if (request.Extensions is { } offer)
        {
            handshake.Add(KeyValuePair.Create("Sec-WebSocket-Extensions", offer));
        }

        var connection = await ConnectAsync(request, endpoint, handshake, cancellationToken);
        var target = request.TargetFor(endpoint);
        try
        {
            if (!connection.Headers.TryGetValue("Sec-WebSocket-Accept", out var accept) || accept != WebSocketHandshake.AcceptKey(key))
            {
                throw new BackendConnectException(target, "the backend's Sec-WebSocket-Accept does not match the key (RFC 6455 section 4.1)");
            }

            string? chosen = null;
            if (connection.Headers.TryGetValue("Sec-WebSocket-Protocol", out var protocol))
            {
                chosen = protocol.Trim();
                if (!request.SubProtocols.Contains(chosen, StringComparer.Ordinal))
                {
                    throw new BackendConnectException(target, $"the backend chose subprotocol '{chosen}', which was not offered");
                }
            }

            string? extensions = null;
            if (connection.Headers.TryGetValue("Sec-WebSocket-Extensions", out var answer) && answer.Length > 0)
            {
                if (request.Extensions is null || PerMessageDeflate.ParseAnswer(answer) is null)
                {
                    throw new BackendConnectException(target, $"the backend answered with extensions that were not offered: {answer}");
                }

                extensions = answer;
            }

            return connection with { SubProtocol = chosen, Extensions = extensions };
        }
        catch
        {
            await connection.Transport.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A WebSocket WsGate terminates itself on the backend's side (outbound clients, health probes): WsGate's own
    /// handshake, then .NET's WebSocket over the connection, with the request's keepalive.
    /// </summary>
    public async Task<WebSocket> ConnectWebSocketAsync(BackendRequest request, Uri endpoint, CancellationToken cancellationToken)
    {
        var connection = await ConnectFramesAsync(request with { Extensions = null }, endpoint, cancellationToken);
        return WebSocket.CreateFromStream(connection.Transport.AsStream(), new WebSocketCreationOptions
        {
            IsServer = false,
            SubProtocol = connection.SubProtocol,
            KeepAliveInterval = request.KeepAliveInterval,
            KeepAliveTimeout = request.KeepAliveTimeout ?? Timeout.InfiniteTimeSpan,
        });
    }

    public async Task<BackendConnection> ConnectAsync(
        BackendRequest request,
        Uri endpoint,
        IReadOnlyList<KeyValuePair<string, string>> handshakeHeaders,
        CancellationToken cancellationToken)
    {
        var target = request.TargetFor(endpoint);
        var timeoutMs = request.Api.ConnectTimeoutMs;
#pragma warning disable CA2000 // Disposed in the catch below on failure; on success the returned BackendConnection's transport owns and disposes it.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
#pragma warning restore CA2000
        SslStream? ssl = null;

        // The connect timeout covers DNS, TCP, TLS and the upgrade. Past it the socket is closed, which fails whatever is
        // pending on it: socket operations get no cancellation token, whose registration a socket keeps for its life.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        using var cut = timeout.Token.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(target.DnsSafeHost, timeout.Token);
            await socket.ConnectAsync(addresses, target.Port);
#pragma warning disable CA2000 // The stream does not own the socket (nothing to release); with wss the SslStream owns it, and the TlsTransport (or the catch below) disposes that.
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (target.Scheme == "wss")
            {
                ssl = new SslStream(stream, leaveInnerStreamOpen: false);
#pragma warning restore CA2000
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(TlsOptions(request, target), CancellationToken.None);
            }

            var head = new StringBuilder()
                .Append("GET ").Append(target.PathAndQuery).Append(" HTTP/1.1\r\n")
                .Append("Host: ").Append(HostHeader(request, target)).Append("\r\n")
                .Append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
            foreach (var (name, value) in handshakeHeaders.Concat(request.Headers))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            head.Append("\r\n");
            var bytes = Encoding.ASCII.GetBytes(head.ToString());
            if (ssl is null)
            {
                await SocketWrites.SendAsync(socket, bytes);
            }
            else
            {
                await ssl.WriteAsync(bytes, CancellationToken.None);
            }

            var (status, headers, leftover) = await ReadResponseHeadAsync(stream);
            if (status != 101)
            {
                throw new BackendConnectException(target, $"the backend answered the upgrade with HTTP {status}", status);
            }

            // Done: the timeout must not close the socket from here on.
            cut.Dispose();
            if (timeout.IsCancellationRequested)
            {
                throw new OperationCanceledException(timeout.Token);
            }

            Transport transport = ssl is null ? new SocketTransport(socket, leftover) : new TlsTransport(ssl, socket, leftover);
            return new BackendConnection(transport, headers);
        }
        catch (Exception ex)
        {
            ssl?.Dispose();
            socket.Dispose();
            if (ex is BackendConnectException)
            {
                throw;
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new BackendConnectException(target, ex switch
            {
                _ when timeout.IsCancellationRequested => $"connect timeout after {timeoutMs} ms",
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
                SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "host not found (DNS)",
                AuthenticationException auth => "TLS handshake failed: " + (auth.InnerException?.Message ?? auth.Message),
                _ => ex.Message,
            }, null, ex);
        }
    }

    /// <summary>The URL's authority, or with an SNI override that name: a backend serving several names picks by both.</summary>
    private static string HostHeader(BackendRequest request, Uri target) =>
        request.Api.BackendTls.SniOverride is { } sni ? (target.IsDefaultPort ? sni : $"{sni}:{target.Port}") : target.Authority;

    private SslClientAuthenticationOptions TlsOptions(BackendRequest request, Uri target)
    {
        var tls = request.Api.BackendTls;
        var options = new SslClientAuthenticationOptions { TargetHost = tls.SniOverride ?? target.IdnHost };
        BackendTls.Apply(options, tls, tls.ClientCertificate is null ? null : live.Current.FindCertificate(tls.ClientCertificate));
        return options;
    }

    private static async Task<(int Status, Dictionary<string, string> Headers, ReadOnlyMemory<byte> Leftover)> ReadResponseHeadAsync(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxResponseHead);
        try
        {
            var filled = 0;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled, MaxResponseHead - filled));
                if (read == 0)
                {
                    throw new IOException("the backend closed the connection during the handshake");
                }

                filled += read;
                var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
                    var parts = lines[0].Split(' ', 3);
                    if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(parts[1], out var status))
                    {
                        throw new IOException($"the backend answered something that is not HTTP: '{lines[0]}'");
                    }

                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var line in lines.Skip(1))
                    {
                        var colon = line.IndexOf(':', StringComparison.Ordinal);
                        if (colon > 0)
                        {
                            var name = line[..colon].Trim();
                            var value = line[(colon + 1)..].Trim();
                            headers[name] = headers.TryGetValue(name, out var prior) ? prior + ", " + value : value;
                        }
                    }

                    return (status, headers, buffer.AsSpan(end + 4, filled - end - 4).ToArray());
                }

                if (filled == MaxResponseHead)
                {
                    throw new IOException($"the backend's handshake response is larger than {MaxResponseHead} bytes");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
