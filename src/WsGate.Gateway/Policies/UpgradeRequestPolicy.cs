using Microsoft.AspNetCore.Http;

namespace WsGate.Policies;

/// <summary>The request must be a well-formed RFC 6455 opening handshake (section 4.2.1): GET, version 13, a key.</summary>
public sealed class UpgradeRequestPolicy : IHandshakePolicy
{
    public ValueTask<HandshakeRejection?> CheckAsync(HandshakeContext context)
    {
        var request = context.Http.Request;
        if (!HttpMethods.IsGet(request.Method))
        {
            return Reject(new HandshakeRejection(
                StatusCodes.Status405MethodNotAllowed,
                "Method not allowed",
                $"a WebSocket handshake is a GET request, not {request.Method}",
                Headers: new Dictionary<string, string> { ["Allow"] = "GET" }));
        }

        if (request.Headers.SecWebSocketVersion.ToString() != "13")
        {
            // RFC 6455 section 4.4: answer with the versions the server supports.
            return Reject(new HandshakeRejection(
                StatusCodes.Status426UpgradeRequired,
                "Unsupported WebSocket version",
                $"Sec-WebSocket-Version must be 13 (got '{request.Headers.SecWebSocketVersion}')",
                Headers: new Dictionary<string, string> { ["Sec-WebSocket-Version"] = "13" }));
        }

        var key = request.Headers.SecWebSocketKey.ToString();
        Span<byte> decoded = stackalloc byte[24];
        if (key.Length != 24 || !Convert.TryFromBase64String(key, decoded, out var length) || length != 16)
        {
            return Reject(new HandshakeRejection(StatusCodes.Status400BadRequest, "Bad handshake", "Sec-WebSocket-Key must be 16 bytes in base64"));
        }

        return ValueTask.FromResult<HandshakeRejection?>(null);
    }

    private static ValueTask<HandshakeRejection?> Reject(HandshakeRejection rejection) => ValueTask.FromResult<HandshakeRejection?>(rejection);
}
