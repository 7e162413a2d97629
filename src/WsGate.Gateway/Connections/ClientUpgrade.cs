using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WsGate.Listeners;
using WsGate.Protocol;

namespace WsGate.Connections;

/// <summary>
/// Answers an admitted handshake with 101 Switching Protocols (RFC 6455 section 4.2.2) and claims the connection, so the
/// WebSocket runs on the connection's own transport once Kestrel has ended the request (<see cref="TransportClaim"/>).
/// The answer's headers are WsGate's to choose: the accept key, the subprotocol and the extensions a relay negotiated
/// with its backend.
/// </summary>
public static class ClientUpgrade
{
    /// <summary>
    /// Writes the 101 with <paramref name="headers"/> and returns the transport, which arrives after the request delegate
    /// has returned: the caller must not await it inside the request.
    /// </summary>
    public static async Task<Task<Transport>> UpgradeAsync(HttpContext context, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var claim = context.Features.Get<TransportClaim>()
            ?? throw new InvalidOperationException("WebSockets are accepted on WsGate listeners only");
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()
            ?? throw new InvalidOperationException("the request cannot be upgraded");
        if (!claim.TryClaim())
        {
            throw new InvalidOperationException("the connection was claimed already");
        }

        var response = context.Response.Headers;
        response.Upgrade = "websocket";
        foreach (var (name, value) in headers)
        {
            response[name] = value;
        }

        try
        {
            // Kestrel adds Connection: Upgrade and flushes the 101; the stream it returns stays unused, as the request ends now.
            await upgrade.UpgradeAsync();
        }
        catch
        {
            claim.Unclaim();
            throw;
        }

        return claim.Transport;
    }

    /// <summary>The 101's headers for a handshake WsGate answers itself: the accept key, and the subprotocol and extensions if any.</summary>
    public static List<KeyValuePair<string, string>> AnswerFor(HttpContext context, string? subProtocol, string? extensions)
    {
        var headers = new List<KeyValuePair<string, string>>(3)
        {
            KeyValuePair.Create("Sec-WebSocket-Accept", WebSocketHandshake.AcceptKey(context.Request.Headers.SecWebSocketKey.ToString())),
        };
        if (subProtocol is not null)
        {
            headers.Add(KeyValuePair.Create("Sec-WebSocket-Protocol", subProtocol));
        }

        if (extensions is not null)
        {
            headers.Add(KeyValuePair.Create("Sec-WebSocket-Extensions", extensions));
        }

        return headers;
    }
}
