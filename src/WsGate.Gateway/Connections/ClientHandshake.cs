using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WsGate.Analytics;
using WsGate.Http;
using WsGate.Listeners;

namespace WsGate.Connections;

/// <summary>
/// The client side of a WebSocket handshake that is about to be accepted, and what a connection needs of it afterwards.
/// On a listener connection that supports it (<see cref="ConnectionHandoff"/>), the accepted WebSocket runs on the
/// connection's transport and the HTTP request ends with the 101, so the HTTP objects are not kept for the life of the
/// WebSocket; after an accept nothing may use the request's <see cref="HttpContext"/>, which is why this captures what
/// the session needs first.
/// </summary>
public sealed class ClientHandshake
{
    private HttpContext? _context;
    private readonly ConnectionHandoff? _handoff;

    public ClientHandshake(HttpContext context)
    {
        _context = context;
        _handoff = context.Features.Get<ConnectionHandoff>();
        Remote = context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null;
        Path = context.Request.Path.Value ?? "/";
        Trace = HandshakeTrace.Of(context);
        Closed = _handoff?.ConnectionClosed ?? context.RequestAborted;
    }

    public IPEndPoint? Remote { get; }

    /// <summary>The request path, without URL credentials.</summary>
    public string Path { get; }

    public HandshakeTrace? Trace { get; }

    /// <summary>Fires when the client's connection ends.</summary>
    public CancellationToken Closed { get; }

    /// <summary>Accepts the WebSocket: Kestrel's WebSockets middleware negotiates the subprotocol and permessage-deflate and writes the 101.</summary>
    public async Task<WebSocket> AcceptWebSocketAsync(WebSocketAcceptContext accept)
    {
        var context = TakeContext();
        if (_handoff is null)
        {
            return await context.WebSockets.AcceptWebSocketAsync(accept);
        }

        // The WebSocket the middleware returns runs over the request's upgrade stream, which ends with the request; it is
        // left unused (no keep-alive timer, nothing sent) and the connection's own one is made over the transport with the
        // terms the 101 announced.
        await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = accept.SubProtocol,
            DangerousEnableCompression = accept.DangerousEnableCompression,
            DisableServerContextTakeover = accept.DisableServerContextTakeover,
            ServerMaxWindowBits = accept.ServerMaxWindowBits,
            KeepAliveInterval = TimeSpan.Zero,
        });
        var deflate = accept.DangerousEnableCompression ? PerMessageDeflate.ParseAnswer(context.Response.Headers.SecWebSocketExtensions.ToString()) : null;
        var stream = await HandOffAsync();
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = accept.SubProtocol,
            KeepAliveInterval = accept.KeepAliveInterval ?? WebSocket.DefaultKeepAliveInterval,
            KeepAliveTimeout = accept.KeepAliveTimeout ?? Timeout.InfiniteTimeSpan,
            DangerousDeflateOptions = deflate,
        });
    }

    /// <summary>Upgrades with the response headers already set (the stream relay copies the backend's), returning the raw byte stream.</summary>
    public async Task<Stream> UpgradeAsync()
    {
        var upgrade = TakeContext().Features.Get<IHttpUpgradeFeature>() ?? throw new InvalidOperationException("the request cannot be upgraded");
        var stream = await upgrade.UpgradeAsync();
        return _handoff is null ? stream : await HandOffAsync();
    }

    private HttpContext TakeContext() =>
        Interlocked.Exchange(ref _context, null) ?? throw new InvalidOperationException("the handshake was already accepted");

    private async Task<Stream> HandOffAsync()
    {
        _handoff!.Detach();
        return new DuplexPipeStream(await _handoff.TransportAsync());
    }
}
