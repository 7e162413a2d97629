using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using WsGate.Analytics;
using WsGate.Configuration.Apis;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Http;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Policies;
using WsGate.Routing;

namespace WsGate.Forwarding;

/// <summary>
/// The <c>stream</c> relay: forwards the client's handshake to a backend over a raw connection, returns the backend's
/// 101 to the client through Kestrel's upgrade, then copies bytes both ways. Only connection-level policies apply.
/// </summary>
public sealed class StreamRelay(
    RawBackendConnector connector,
    BackendDialer dialer,
    ConnectionRegistry registry,
    GatewayAnalytics analytics,
    TimeProvider time,
    ILogger<StreamRelay> logger)
{
    private static readonly string[] HandshakeHeaders = ["Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"];
    private static readonly string[] ResponseHeaders = ["Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"];

    public async Task HandleAsync(HttpContext context, ListenerRuntime listener, ApiRuntime api, BackendEnvironment environment, RouteMatch match, ConnectionPrincipal principal)
    {
        // The handshake's state (headers, the backend request, Kestrel's upgrade feature) lives in AcceptAsync's frame
        // and is gone once the connection runs; only what the connection needs is kept for its lifetime.
        if (await AcceptAsync(context, listener, api, environment, match, principal) is not var (connection, leftover, trace))
        {
            return;
        }

        registry.Add(connection);
        analytics.ConnectionOpened(connection, trace);
        try
        {
            await connection.RunAsync(leftover);
        }
        finally
        {
            registry.Remove(connection);
            analytics.ConnectionClosed(connection);
        }
    }

    private async Task<(StreamConnection Connection, ReadOnlyMemory<byte> Leftover, HandshakeTrace? Trace)?> AcceptAsync(
        HttpContext context, ListenerRuntime listener, ApiRuntime api, BackendEnvironment environment, RouteMatch match, ConnectionPrincipal principal)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true })
        {
            await HandshakeProblem.WriteAsync(context, new HandshakeRejection(StatusCodes.Status400BadRequest, "Bad handshake", "the request cannot be upgraded"));
            return null;
        }

        var request = ApiConnectionHandler.CreateRequest(context, listener, api, match) with { Compression = false };
        var handshake = HandshakeHeaders
            .Where(h => context.Request.Headers.ContainsKey(h) && h != "Sec-WebSocket-Protocol")
            .Select(h => KeyValuePair.Create(h, context.Request.Headers[h].ToString()))
            .ToList();

        // The subprotocols go on without a token pair, which must never reach a backend.
        if (request.SubProtocols.Count > 0)
        {
            handshake.Add(KeyValuePair.Create("Sec-WebSocket-Protocol", string.Join(", ", request.SubProtocols)));
        }

        var connected = await dialer.ConnectAnyAsync(api, environment, (url, ct) => connector.ConnectAsync(request, url, handshake, ct), context.RequestAborted);
        if (connected is not var (backend, chosen))
        {
            api.CountRejected();
            await HandshakeProblem.WriteAsync(context, BackendDialer.NoBackend(api, environment));
            return null;
        }

        foreach (var name in ResponseHeaders)
        {
            if (backend.Headers.TryGetValue(name, out var value))
            {
                context.Response.Headers[name] = value;
            }
        }

        if (!backend.Headers.ContainsKey("Sec-WebSocket-Protocol") && ApiConnectionHandler.ChooseSubProtocol(context, null) is { } marker)
        {
            context.Response.Headers.SecWebSocketProtocol = marker;
        }

        context.Response.Headers.Upgrade = "websocket";
        var accepting = new ClientHandshake(context);
        Stream client;
        try
        {
            client = await accepting.UpgradeAsync();
        }
        catch
        {
            await backend.Stream.DisposeAsync();
            throw;
        }

        api.CountAccepted();
        listener.Counters.CountAccepted();
        var connection = new StreamConnection(
            ConnectionRegistry.NewId(),
            client,
            backend.Stream,
            listener,
            accepting.Path,
            accepting.Remote,
            new ApiBinding(api, environment, chosen.Url),
            time)
        {
            Principal = principal,
        };
        ForwardingLog.Relaying(logger, connection.Id, api.Id, environment.ToName(), chosen.Url.ToString());
        return (connection, backend.Leftover, accepting.Trace);
    }
}
