using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using WsGate.Listeners;
using WsGate.Protocol;

namespace WsGate.Connections;

/// <summary>
/// Answers an admitted handshake with 101 Switching Protocols (RFC 6455 section 4.2.2) and claims the connection, so the
/// WebSocket runs on the connection's own transport once Kestrel has ended the request (<see cref="TransportClaim"/>);
/// an HTTP/2 handshake gets its 200 and runs on its stream (RFC 8441, <see cref="Http2StreamTransport"/>).
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
        if (WebSocketHandshake.IsExtendedConnect(context))
        {
            return Task.FromResult<Transport>(await AcceptConnectAsync(context, headers));
        }

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

    /// <summary>
    /// RFC 8441 section 5: a 200 to the extended CONNECT, with the same subprotocol and extensions headers as a 101 and no
    /// accept key. The stream stays a request of its HTTP/2 connection; <see cref="Held"/> finds it for the request delegate.
    /// </summary>
    private static async Task<Transport> AcceptConnectAsync(HttpContext context, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var connect = context.Features.Get<IHttpExtendedConnectFeature>()
            ?? throw new InvalidOperationException("the request is not an extended CONNECT");
        var response = context.Response.Headers;
        foreach (var (name, value) in headers)
        {
            if (!string.Equals(name, "Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
            {
                response[name] = value;
            }
        }

        // The stream is a WebSocket for as long as it lives, not a request body: neither Kestrel's body size limit (30 MB
        // by default) nor its minimum data rate, made for uploads, may end it. Message sizes and idle time are WsGate's.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        var stream = await connect.AcceptAsync();
        var transport = new Http2StreamTransport(stream, context);
        context.Features.Set(transport);
        return transport;
    }

    /// <summary>
    /// The HTTP/2 WebSocket an accepted request carries, if any: its request must not end before the WebSocket does, as
    /// ending it would end the stream. An HTTP/1.1 WebSocket has left the request already (<see cref="TransportClaim"/>).
    /// </summary>
    public static Http2StreamTransport? Held(HttpContext context) => context.Features.Get<Http2StreamTransport>();

    /// <summary>The 101's headers for a handshake WsGate answers itself: the accept key, and the subprotocol and extensions if any.</summary>
    public static List<KeyValuePair<string, string>> AnswerFor(HttpContext context, string? subProtocol, string? extensions)
    {
        var headers = new List<KeyValuePair<string, string>>(3);
        if (!WebSocketHandshake.IsExtendedConnect(context))
        {
            headers.Add(KeyValuePair.Create("Sec-WebSocket-Accept", WebSocketHandshake.AcceptKey(context.Request.Headers.SecWebSocketKey.ToString())));
        }

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
