using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using WsGate.Configuration.Validation;
using WsGate.Http;
using WsGate.Routing;
using WsGate.Tls;

namespace WsGate.Forwarding;

/// <summary>
/// The backend leg of the <c>stream</c> relay: a TCP (and TLS) connection on which WsGate writes the client's own opening
/// handshake (same key, version, subprotocols and extensions, RFC 6455 section 4.1) so the backend's answer is valid for
/// the client unchanged and everything negotiated holds end to end.
/// </summary>
public sealed class RawBackendConnector(ApiManager apis)
{
    private const int MaxResponseHead = 16 * 1024;

    /// <summary>Whether a client's header may be forwarded: not one WsGate's own handshake to the backend sets, nor hop-by-hop.</summary>
    public static bool CanForward(string header) => !HttpNames.IsHandshakeOwned(header);

    private const string OfferedDeflate = "permessage-deflate; client_max_window_bits";

    /// <summary>
    /// The backend leg of the <c>frames</c> relay: WsGate's own opening handshake on a raw connection, checked as a client
    /// must (RFC 6455 section 4.1: the accept key, a subprotocol that was offered, an extension that was offered), then a
    /// client WebSocket over that stream. Leaner than ClientWebSocket over an HTTP handler, which keeps its own buffers.
    /// </summary>
    public async Task<WebSocket> ConnectWebSocketAsync(BackendRequest request, Uri endpoint, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var handshake = new List<KeyValuePair<string, string>>
        {
            KeyValuePair.Create("Sec-WebSocket-Key", key),
            KeyValuePair.Create("Sec-WebSocket-Version", "13"),
        };
        if (request.SubProtocols.Count > 0)
        {
            handshake.Add(KeyValuePair.Create("Sec-WebSocket-Protocol", string.Join(", ", request.SubProtocols)));
        }

        if (request.Compression)
        {
            handshake.Add(KeyValuePair.Create("Sec-WebSocket-Extensions", OfferedDeflate));
        }

        var connection = await ConnectAsync(request, endpoint, handshake, cancellationToken);
        var target = request.TargetFor(endpoint);
        try
        {
            if (!connection.Headers.TryGetValue("Sec-WebSocket-Accept", out var accept) || accept != AcceptFor(key))
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

            WebSocketDeflateOptions? deflate = null;
            if (connection.Headers.TryGetValue("Sec-WebSocket-Extensions", out var extensions) && extensions.Length > 0)
            {
                deflate = request.Compression ? PerMessageDeflate.ParseAnswer(extensions) : null;
                if (deflate is null)
                {
                    throw new BackendConnectException(target, $"the backend answered with extensions that were not offered: {extensions}");
                }
            }

            var stream = connection.Leftover.IsEmpty ? connection.Stream : new PrefixedStream(connection.Leftover, connection.Stream);
            return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
            {
                IsServer = false,
                SubProtocol = chosen,
                KeepAliveInterval = request.KeepAliveInterval,
                KeepAliveTimeout = request.KeepAliveTimeout,
                DangerousDeflateOptions = deflate,
            });
        }
        catch
        {
            await connection.Stream.DisposeAsync();
            throw;
        }
    }

    private static string AcceptFor(string key)
    {
        // RFC 6455 section 4.2.2 fixes SHA-1 for Sec-WebSocket-Accept; it checks the handshake, it is not security.
#pragma warning disable CA5350
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
    }

    public async Task<RawBackendConnection> ConnectAsync(
        BackendRequest request,
        Uri endpoint,
        IReadOnlyList<KeyValuePair<string, string>> handshakeHeaders,
        CancellationToken cancellationToken)
    {
        var target = request.TargetFor(endpoint);
        var timeoutMs = request.Api.ConnectTimeoutMs;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, timeout.Token);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (target.Scheme == "wss")
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(TlsOptions(request, target), timeout.Token);
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
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token);
            var (status, headers, leftover) = await ReadResponseHeadAsync(stream, timeout.Token);
            if (status != 101)
            {
                throw new BackendConnectException(target, $"the backend answered the upgrade with HTTP {status}", status);
            }

            return new RawBackendConnection(stream, headers, leftover);
        }
        catch (Exception ex) when (ex is not BackendConnectException)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new BackendConnectException(target, ex switch
            {
                OperationCanceledException => $"connect timeout after {timeoutMs} ms",
                SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
                SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => "host not found (DNS)",
                AuthenticationException auth => "TLS handshake failed: " + (auth.InnerException?.Message ?? auth.Message),
                _ => ex.Message,
            }, null, ex);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The URL's authority, or with an SNI override that name: a backend serving several names picks by both.</summary>
    private static string HostHeader(BackendRequest request, Uri target) =>
        request.Api.BackendTls.SniOverride is { } sni ? (target.IsDefaultPort ? sni : $"{sni}:{target.Port}") : target.Authority;

    private SslClientAuthenticationOptions TlsOptions(BackendRequest request, Uri target)
    {
        var tls = request.Api.BackendTls;
        var options = new SslClientAuthenticationOptions { TargetHost = tls.SniOverride ?? target.IdnHost };
        BackendTls.Apply(options, tls, tls.ClientCertificate is null ? null : apis.Config.FindCertificate(tls.ClientCertificate));
        return options;
    }

    private static async Task<(int Status, Dictionary<string, string> Headers, ReadOnlyMemory<byte> Leftover)> ReadResponseHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxResponseHead];
        var filled = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
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

                return (status, headers, buffer.AsMemory(end + 4, filled - end - 4).ToArray());
            }

            if (filled == buffer.Length)
            {
                throw new IOException($"the backend's handshake response is larger than {MaxResponseHead} bytes");
            }
        }
    }
}
