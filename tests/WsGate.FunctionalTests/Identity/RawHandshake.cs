using System.Net.Sockets;
using System.Text;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// A WebSocket upgrade request written by hand on a TCP socket, so a test can send what HttpClient will not: repeated
/// or oversized headers. Only the status line and headers of the answer are read.
/// </summary>
internal sealed record RawHandshake(int Status, IReadOnlyDictionary<string, string> Headers)
{
    public string? Reason => Headers.TryGetValue("X-WsGate-Reason", out var reason) ? reason : null;

    public string? RetryAfter => Headers.TryGetValue("Retry-After", out var value) ? value : null;

    public static async Task<RawHandshake> SendAsync(Uri uri, params (string Name, string Value)[] headers)
    {
        using var tcp = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await tcp.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(uri.Authority).Append("\r\n")
            .Append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.Latin1.GetBytes(request.Append("\r\n").ToString()), timeout.Token);
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!EndsHead(received))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        var text = Encoding.Latin1.GetString(received.ToArray());
        var lines = text[..Math.Max(0, text.IndexOf("\r\n\r\n", StringComparison.Ordinal))].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var parsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            parsed[line[..colon]] = line[(colon + 1)..].Trim();
        }

        return new RawHandshake(status, parsed);
    }

    private static bool EndsHead(List<byte> received)
    {
        for (var i = 3; i < received.Count; i++)
        {
            if (received[i - 3] == '\r' && received[i - 2] == '\n' && received[i - 1] == '\r' && received[i] == '\n')
            {
                return true;
            }
        }

        return false;
    }
}
