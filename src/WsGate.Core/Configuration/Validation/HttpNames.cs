using System.Text.RegularExpressions;

namespace WsGate.Configuration.Validation;

public static partial class HttpNames
{
    /// <summary>
    /// Headers WsGate writes itself on a WebSocket opening handshake it sends (RFC 6455 section 4.1) and hop-by-hop headers
    /// (RFC 9110 section 7.6.1) that belong to one connection: neither a forwarded client header nor a configured extra
    /// header may replace them.
    /// </summary>
    private static readonly HashSet<string> HandshakeOwned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Upgrade", "Content-Length", "Transfer-Encoding", "Keep-Alive", "TE", "Trailer", "Proxy-Connection",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept",
    };

    /// <summary>True for a header WsGate's own opening handshake sets or a hop-by-hop one (see <see cref="HandshakeOwned"/>).</summary>
    public static bool IsHandshakeOwned(string name) => HandshakeOwned.Contains(name);

    /// <summary>An absolute http or https URL with a host: what webhooks, JWKS and OTLP endpoints must be.</summary>
    public static bool IsHttpUrl(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url) && url.Scheme is "http" or "https" && url.Host.Length > 0;

    /// <summary>An RFC 9110 token, as header names are.</summary>
    public static bool IsHeaderName(string? name) => name is { Length: > 0 and <= 256 } && Token().IsMatch(name);

    /// <summary>An RFC 9110 token of any length: header names, methods, subprotocols.</summary>
    public static bool IsToken(string value) => Token().IsMatch(value);

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex Token();
}
