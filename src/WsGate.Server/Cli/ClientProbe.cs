using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;

namespace WsGate.Server.Cli;

/// <summary>
/// <c>wsgate client test</c>: walks a WebSocket connection step by step on a raw socket (DNS, TCP, TLS, the upgrade,
/// a ping, an echo, the close) and says in plain words where and why it fails, like Creatio's troubleshooting list.
/// </summary>
internal sealed class ClientProbe(Uri url, IReadOnlyList<string> subProtocols, IReadOnlyList<KeyValuePair<string, string>> headers, TimeSpan timeout, bool insecure)
{
    private readonly List<ProbeStep> _steps = [];

    public IReadOnlyList<ProbeStep> Steps => _steps;

    public bool Ok => _steps.Count > 0 && _steps.All(s => s.Ok || s.Optional);

    public async Task RunAsync()
    {
        var secure = url.Scheme is "wss" or "https";
        var port = url.IsDefaultPort ? (secure ? 443 : 80) : url.Port;
        IPAddress[] addresses;
        var watch = Stopwatch.StartNew();
        try
        {
            addresses = IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost);
            Add("dns", true, $"{url.Host} -> {string.Join(", ", addresses.Select(a => a.ToString()))}", watch);
        }
        catch (SocketException ex)
        {
            Add("dns", false, $"cannot resolve {url.Host}: {ex.Message}. Check the host name, or the machine's DNS settings.", watch);
            return;
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(timeout);
        watch.Restart();
        try
        {
            await socket.ConnectAsync(addresses, port, cts.Token);
            Add("tcp", true, $"connected to {socket.RemoteEndPoint}", watch);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            Add("tcp", false, $"connection refused on port {port}: nothing listens there, or a firewall rejects it. Is the server running and is the port right?", watch);
            return;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            Add("tcp", false, $"no answer on port {port} within {timeout.TotalSeconds:0} s: a firewall may drop the traffic ({ex.Message})", watch);
            return;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (secure)
        {
            watch.Restart();
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                var options = new SslClientAuthenticationOptions { TargetHost = url.IdnHost };
                if (insecure)
                {
#pragma warning disable CA5359 // --insecure is the operator's explicit choice for diagnosing self-signed servers.
                    options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
                }

                await ssl.AuthenticateAsClientAsync(options, cts.Token);
                Add("tls", true, $"{ssl.SslProtocol}, certificate {ssl.RemoteCertificate?.Subject} valid until {ssl.RemoteCertificate?.GetExpirationDateString()}", watch);
                stream = ssl;
            }
            catch (AuthenticationException ex)
            {
                Add("tls", false, $"TLS failed: {ex.InnerException?.Message ?? ex.Message}. A self-signed or expired certificate, a name mismatch, or a ws:// server on this port (use ws://). --insecure skips validation for a diagnosis.", watch);
                await ssl.DisposeAsync();
                return;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                Add("tls", false, $"TLS failed: {ex.Message}. If the server is plain ws, use a ws:// URL.", watch);
                await ssl.DisposeAsync();
                return;
            }
        }

        await using (stream)
        {
            if (!await HandshakeAsync(stream, cts.Token))
            {
                return;
            }

            await PingAsync(stream, cts.Token);
            await EchoAsync(stream, cts.Token);
            await CloseAsync(stream, cts.Token);
        }
    }

    private async Task<bool> HandshakeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = new StringBuilder()
            .Append("GET ").Append(url.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(url.Authority).Append("\r\n")
            .Append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
            .Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n");
        if (subProtocols.Count > 0)
        {
            request.Append("Sec-WebSocket-Protocol: ").Append(string.Join(", ", subProtocols)).Append("\r\n");
        }

        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), cancellationToken);
        string head;
        try
        {
            head = await ReadHeadAsync(stream, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            Add("upgrade", false, $"no HTTP answer to the upgrade request ({ex.Message}). The port may not speak HTTP, or expects TLS (try wss://).", watch);
            return false;
        }

        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        var code = status.Length > 1 && int.TryParse(status[1], out var parsed) ? parsed : 0;
        var responseHeaders = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
            .GroupBy(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())), StringComparer.OrdinalIgnoreCase);
        if (code != 101)
        {
            var why = code switch
            {
                0 => "the answer is not HTTP",
                200 => "the server answered a plain HTTP page: the path does not serve WebSockets, or a proxy in between dropped the Upgrade header (configure it to pass Upgrade and Connection)",
                400 => "the server refused the handshake as malformed",
                401 => "authentication required: pass credentials (--header Authorization:...)",
                403 => "forbidden: the credentials, the Origin or the client's address are not allowed",
                404 => "no WebSocket endpoint at this path",
                426 => "the server wants another WebSocket version",
                429 => "too many handshakes: retry later",
                502 or 504 => "the gateway could not reach its backend",
                503 => "the server is at its connection limit or shutting down",
                _ => "the server did not accept the upgrade",
            };
            // The server's own words beat a guess: a problem+json body's detail (WsGate's refusals carry one).
            if (await ReadProblemDetailAsync(stream, responseHeaders, cancellationToken) is { } detail)
            {
                why = detail;
            }

            var reason = responseHeaders.TryGetValue("X-WsGate-Reason", out var r) ? $" (reason: {r})" : "";
            Add("upgrade", false, $"HTTP {code} instead of 101: {why}{reason}", watch);
            return false;
        }

        var expected = Convert.ToBase64String(HashAccept(key));
        if (!responseHeaders.TryGetValue("Sec-WebSocket-Accept", out var accept) || accept != expected)
        {
            Add("upgrade", false, "101 with a wrong Sec-WebSocket-Accept: something between you and the server rewrote the handshake", watch);
            return false;
        }

        responseHeaders.TryGetValue("Sec-WebSocket-Protocol", out var chosen);
        if (subProtocols.Count > 0 && (chosen is null || !subProtocols.Contains(chosen)))
        {
            Add("upgrade", false, $"subprotocol mismatch: asked for {string.Join(", ", subProtocols)}, the server chose {chosen ?? "none"}", watch);
            return false;
        }

        Add("upgrade", true, $"101 Switching Protocols{(chosen is null ? "" : ", subprotocol " + chosen)}{(responseHeaders.TryGetValue("Sec-WebSocket-Extensions", out var ext) ? ", extensions " + ext : "")}", watch);
        return true;
    }

    private async Task PingAsync(Stream stream, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await stream.WriteAsync(MaskedFrame(0x9, "wsgate-ping"u8.ToArray()), cancellationToken);
        var frame = await ReadFrameSkippingAsync(stream, opcode => opcode == 0xA, cancellationToken);
        Add("ping", frame is not null, frame is null ? "no pong to a ping" : "pong received", watch);
    }

    private async Task EchoAsync(Stream stream, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await stream.WriteAsync(MaskedFrame(0x1, "wsgate client test"u8.ToArray()), cancellationToken);
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quick.CancelAfter(TimeSpan.FromSeconds(2));
        Frame? frame;
        try
        {
            frame = await ReadFrameSkippingAsync(stream, opcode => opcode is 0x1 or 0x2 or 0x8, quick.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            frame = null;
        }

        var text = frame is { Opcode: 0x1 } ? Encoding.UTF8.GetString(frame.Payload) : null;
        _steps.Add(new ProbeStep(
            "echo",
            text == "wsgate client test",
            text == "wsgate client test" ? "the message came back" : frame is null ? "no reply within 2 s (fine unless this is an echo endpoint)" : $"the server answered something else: {(text ?? $"opcode {frame.Opcode}")}",
            Math.Round(watch.Elapsed.TotalMilliseconds, 1),
            Optional: true));
    }

    private async Task CloseAsync(Stream stream, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await stream.WriteAsync(MaskedFrame(0x8, [0x03, 0xE8]), cancellationToken);
        var frame = await ReadFrameSkippingAsync(stream, opcode => opcode == 0x8, cancellationToken);
        var code = frame is { Payload.Length: >= 2 } ? (frame.Payload[0] << 8) | frame.Payload[1] : (int?)null;
        Add("close", frame is not null, frame is null ? "the server did not answer the close" : $"closed with {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"}", watch);
    }

    private void Add(string step, bool ok, string detail, Stopwatch watch) =>
        _steps.Add(new ProbeStep(step, ok, detail, Math.Round(watch.Elapsed.TotalMilliseconds, 1)));

    private static byte[] HashAccept(string key)
    {
        // RFC 6455 section 4.2.2 fixes SHA-1 here; it is an integrity check of the handshake, not security.
#pragma warning disable CA5350
        return SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
#pragma warning restore CA5350
    }

    private static byte[] MaskedFrame(int opcode, byte[] payload)
    {
        var frame = new byte[6 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        frame[1] = (byte)(0x80 | payload.Length);
        var mask = RandomNumberGenerator.GetBytes(4);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        return frame;
    }

    /// <summary>
    /// The <c>detail</c> (else the <c>title</c>) of a JSON problem body (RFC 9457) that follows a refused upgrade, read
    /// within its Content-Length and at most 16 KiB; null when there is none or it cannot be read.
    /// </summary>
    private static async Task<string?> ReadProblemDetailAsync(Stream stream, Dictionary<string, string> headers, CancellationToken cancellationToken)
    {
        if (!headers.TryGetValue("Content-Type", out var type) || !type.Contains("json", StringComparison.OrdinalIgnoreCase)
            || !headers.TryGetValue("Content-Length", out var lengthText) || !int.TryParse(lengthText, out var length) || length is <= 0 or > 16 * 1024)
        {
            return null;
        }

        try
        {
            var body = new byte[length];
            await stream.ReadExactlyAsync(body, cancellationToken);
            using var problem = System.Text.Json.JsonDocument.Parse(body);
            foreach (var name in new[] { "detail", "title" })
            {
                if (problem.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && problem.RootElement.TryGetProperty(name, out var value)
                    && value.ValueKind == System.Text.Json.JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    return text;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Text.Json.JsonException)
        {
        }

        return null;
    }

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 16 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("the server closed the connection");
            }

            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r')
            {
                return Encoding.ASCII.GetString(bytes.ToArray(), 0, bytes.Count - 4);
            }
        }

        throw new IOException("the response head is larger than 16 KiB");
    }

    private static async Task<Frame?> ReadFrameSkippingAsync(Stream stream, Func<int, bool> wanted, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < 32; i++)
            {
                var header = new byte[2];
                await stream.ReadExactlyAsync(header, cancellationToken);
                long length = header[1] & 0x7F;
                if (length == 126)
                {
                    var ext = new byte[2];
                    await stream.ReadExactlyAsync(ext, cancellationToken);
                    length = (ext[0] << 8) | ext[1];
                }
                else if (length == 127)
                {
                    var ext = new byte[8];
                    await stream.ReadExactlyAsync(ext, cancellationToken);
                    length = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(ext);
                }

                if (length > 1024 * 1024)
                {
                    return null;
                }

                var payload = new byte[length];
                await stream.ReadExactlyAsync(payload, cancellationToken);
                var opcode = header[0] & 0x0F;
                if (wanted(opcode))
                {
                    return new Frame(opcode, payload);
                }
            }
        }
        catch (EndOfStreamException)
        {
        }
        catch (IOException)
        {
        }

        return null;
    }

    private sealed record Frame(int Opcode, byte[] Payload);
}
