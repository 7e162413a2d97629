using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using WsGate.Admission;
using WsGate.Channels;
using WsGate.Configuration;
using WsGate.Connections;

namespace WsGate.Endpoints;

/// <summary>
/// Accepts an admitted handshake to one of a listener's own endpoints (echo, channel): answers the 101 and hands the
/// connection to its lifetime as a <see cref="WebSocketSession"/>, .NET's WebSocket over the connection's transport
/// with the listener's keepalive, run by the endpoint's handler.
/// </summary>
public sealed class EndpointAcceptor(EchoHandler echo, ChannelHandler channel, ConnectionLifetime lifetime, TimeProvider time, ILogger<WebSocketSession> logger)
{
    public async Task AcceptAsync(AdmissionContext admitted)
    {
        var context = admitted.Http;
        var listener = admitted.Listener;
        var config = listener.Config;
        var endpoint = admitted.Endpoint!;
        IConnectionHandler handler = endpoint.Kind == EndpointKind.Channel ? channel : echo;
        var kind = endpoint.Kind.ToString().ToLowerInvariant();
        var path = endpoint.Path;
        var remote = context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null;
        var principal = admitted.Principal;
        var throttle = admitted.Throttle;
        var options = WebSocketSession.ServerOptions(config);

        var transport = await ClientUpgrade.UpgradeAsync(context, ClientUpgrade.AnswerFor(context, null, null));
        lifetime.Start(admitted, transport, accepted => new WebSocketSession(
            ConnectionRegistry.NewId(),
            accepted,
            WebSocket.CreateFromStream(accepted.AsStream(), options),
            listener,
            path,
            kind,
            remote,
            time,
            throttle,
            handler.RunAsync,
            logger)
        {
            Principal = principal,
        });
    }
}
