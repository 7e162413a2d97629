using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using WsGate.Admission;

namespace WsGate.Protocol;

/// <summary>
/// The client's opening handshake (RFC 6455 section 4.2.1) as WsGate checks it before anything else happens, and the
/// accept key of the server's answer (section 4.2.2). Every upgrade attempt, to an API or to a built-in endpoint, is
/// checked here first, so a malformed one is refused with a 4xx before a backend is dialled.
/// </summary>
public static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>
    /// A request that asks for a WebSocket, well-formed or not: <c>Upgrade: websocket</c> on HTTP/1.1, or an extended
    /// CONNECT with <c>:protocol websocket</c> on HTTP/2 (RFC 8441 section 4).
    /// </summary>
    public static bool IsUpgradeAttempt(HttpRequest request) => HasToken(request.Headers.Upgrade, "websocket") || IsExtendedConnect(request.HttpContext);

    /// <summary>An HTTP/2 WebSocket handshake (RFC 8441 section 4): CONNECT with the <c>:protocol</c> pseudo-header <c>websocket</c>.</summary>
    public static bool IsExtendedConnect(HttpContext context) =>
        HttpMethods.IsConnect(context.Request.Method)
        && context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect
        && string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the request is a valid opening handshake; otherwise the refusal that says what is wrong.</summary>
    public static HandshakeRejection? Validate(HttpContext context)
    {
        var request = context.Request;
        if (IsExtendedConnect(context))
        {
            // RFC 8441 section 5: :protocol does the job of Upgrade, Connection, the key and the accept value; the version
            // stays (section 4.1 of RFC 6455 applies to it unchanged).
            return request.Headers.SecWebSocketVersion.ToString() == "13" ? null : UnsupportedVersion(request);
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return new HandshakeRejection(
                StatusCodes.Status405MethodNotAllowed,
                "Method not allowed",
                $"a WebSocket handshake is a GET request, not {request.Method}",
                Headers: new Dictionary<string, string> { ["Allow"] = "GET" });
        }

        if (!HttpProtocol.IsHttp11(request.Protocol) && !HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            return Bad($"a WebSocket handshake needs HTTP/1.1 or later, not {request.Protocol} (RFC 6455 section 4.1)");
        }

        if (!HasToken(request.Headers.Connection, "upgrade"))
        {
            return Bad("the Connection header must include Upgrade (RFC 6455 section 4.1)");
        }

        if (request.Headers.SecWebSocketVersion.ToString() != "13")
        {
            return UnsupportedVersion(request);
        }

        if (!IsValidKey(request.Headers.SecWebSocketKey.ToString()))
        {
            return Bad("Sec-WebSocket-Key must be 16 bytes in base64 (RFC 6455 section 4.1)");
        }

        if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true })
        {
            // Kestrel does not upgrade a request with a body.
            return Bad("the request cannot be upgraded: an opening handshake has no body");
        }

        return null;
    }

    /// <summary>Section 4.4: answer with the versions the server supports.</summary>
    private static HandshakeRejection UnsupportedVersion(HttpRequest request) => new(
        StatusCodes.Status426UpgradeRequired,
        "Unsupported WebSocket version",
        $"Sec-WebSocket-Version must be 13 (got '{request.Headers.SecWebSocketVersion}')",
        Headers: new Dictionary<string, string> { ["Sec-WebSocket-Version"] = "13" });

    /// <summary>Section 4.2.2: base64 of the SHA-1 of the client's key and the protocol's GUID.</summary>
    public static string AcceptKey(string key)
    {
        Span<byte> input = stackalloc byte[24 + Guid.Length];
        var length = Encoding.ASCII.GetBytes(key, input);
        length += Encoding.ASCII.GetBytes(Guid, input[length..]);

        // RFC 6455 fixes SHA-1 for Sec-WebSocket-Accept; it proves the server read the handshake, it is not security.
#pragma warning disable CA5350
        return Convert.ToBase64String(SHA1.HashData(input[..length]));
#pragma warning restore CA5350
    }

    /// <summary>A fresh client key for WsGate's own handshakes (section 4.1: 16 random bytes in base64).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    public static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[24];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var length) && length == 16;
    }

    /// <summary>The subprotocols a client offered, in order (Sec-WebSocket-Protocol may be repeated and comma-separated).</summary>
    public static List<string> RequestedSubProtocols(HttpRequest request)
    {
        var offered = new List<string>();
        foreach (var value in request.Headers.SecWebSocketProtocol)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                offered.Add(part);
            }
        }

        return offered;
    }

    /// <summary>Whether a comma-separated header (several values allowed) holds <paramref name="token"/>, ignoring case.</summary>
    public static bool HasToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static HandshakeRejection Bad(string detail) => new(StatusCodes.Status400BadRequest, "Bad handshake", detail);
}
