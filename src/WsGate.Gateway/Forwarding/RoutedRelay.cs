using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Apis;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Routing;
using WsGate.Throttling;

namespace WsGate.Forwarding;

/// <summary>
/// Content-based routing for a <c>frames</c> API (AWS API Gateway's route selection expression): the client's
/// connection is accepted first; each whole message it sends goes to the backend its JSON property selects, over a
/// backend connection opened by the first message for that route and kept for the client's lifetime. Every backend's
/// messages go back to the client. A message that selects no route, or whose backend cannot be reached, is answered
/// with a JSON error message and the connection stays open; a lost backend only closes its route.
/// </summary>
public sealed class RoutedRelay(RawBackendConnector connector, SessionRunner runner, TimeProvider time, ILogger<RoutedRelay> logger)
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
    private readonly ConditionalWeakTable<RoutingConfig, RouteSet> _routeSets = [];

    public async Task HandleAsync(HttpContext context, ListenerRuntime listener, ApiRuntime api, BackendRequest request, ConnectionPrincipal principal, ConnectionThrottle? throttle)
    {
        var routes = _routeSets.GetValue(api.Config.Routing!, r => new RouteSet(r));

        // Backends are chosen per message, so none is asked before the upgrade and no subprotocol is negotiated with them.
        var handshake = new ClientHandshake(context);
        var client = await handshake.AcceptWebSocketAsync(
            ConnectionPipeline.AcceptContextFor(listener.Config, ApiConnectionHandler.ChooseSubProtocol(context, null)));
        api.CountAccepted();
        var binding = new ApiBinding(api, BackendEnvironment.Production, routes.Display);
        var legRequest = request with { Compression = false };
        await runner.RunAsync(handshake, listener, client, handshake.Path, "api", binding, principal, session => RunAsync(session, api, routes, legRequest), throttle);
    }

    private async Task RunAsync(WebSocketSession session, ApiRuntime api, RouteSet routes, BackendRequest request)
    {
        var legs = new ConcurrentDictionary<string, RouteLeg>(StringComparer.Ordinal);
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await session.ReceiveAsync(message.GetMemory(4096), session.Aborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await CloseLegsAsync(legs, session.Socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, session.Socket.CloseStatusDescription);
                        return;
                    }

                    message.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                var isText = result.MessageType == WebSocketMessageType.Text;
                var route = routes.Select(message.WrittenSpan, isText);
                if (route is null)
                {
                    OutboundLog.Unrouted(logger, api.Id, session.Id);
                    await ReplyErrorAsync(session, "no route for this message", routes.Expression.Text, null);
                    continue;
                }

                var leg = legs.GetValueOrDefault(route) ?? await OpenLegAsync(session, api, routes, route, request, legs);
                if (leg is null)
                {
                    await ReplyErrorAsync(session, "the route's backend is unavailable", routes.Expression.Text, route);
                    continue;
                }

                try
                {
                    await leg.Socket.SendAsync(message.WrittenMemory, result.MessageType, true, session.Aborted);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
                {
                    Drop(legs, leg, session, api, ex.Message);
                    await ReplyErrorAsync(session, "the route's backend connection was lost", routes.Expression.Text, route);
                }
            }
        }
        finally
        {
            foreach (var leg in legs.Values)
            {
                leg.Socket.Abort();
            }

            await Task.WhenAll(legs.Values.Select(l => l.Pump));
            foreach (var leg in legs.Values)
            {
                leg.Socket.Dispose();
            }
        }
    }

    private async Task<RouteLeg?> OpenLegAsync(WebSocketSession session, ApiRuntime api, RouteSet routes, string route, BackendRequest request, ConcurrentDictionary<string, RouteLeg> legs)
    {
        var pool = routes.Pool(route);
        foreach (var endpoint in pool.Candidates())
        {
            try
            {
                var socket = await connector.ConnectWebSocketAsync(request, endpoint.Url, session.Aborted);
                endpoint.ReportSuccess(time.GetUtcNow());
                OutboundLog.RouteOpened(logger, api.Id, session.Id, route, endpoint.Url.ToString());
                var leg = new RouteLeg(route, socket);
                legs[route] = leg;
                leg.Pump = PumpAsync(session, api, leg, legs);
                return leg;
            }
            catch (BackendConnectException ex)
            {
                api.CountBackendFailure();
                endpoint.ReportFailure(ex.Reason, api.Config.HealthCheck.UnhealthyThreshold, time.GetUtcNow());
                OutboundLog.RouteUnreachable(logger, api.Id, route, $"{endpoint.Url}: {ex.Reason}");
            }
        }

        return null;
    }

    /// <summary>Backend to client, whole messages through the session's send path so they never interleave with others.</summary>
    private async Task PumpAsync(WebSocketSession session, ApiRuntime api, RouteLeg leg, ConcurrentDictionary<string, RouteLeg> legs)
    {
        await Task.Yield();
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await leg.Socket.ReceiveAsync(message.GetMemory(4096), session.Aborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        if (leg.Socket.State == WebSocketState.CloseReceived)
                        {
                            await CloseLegAsync(leg, leg.Socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null);
                        }

                        Drop(legs, leg, session, api, $"the backend closed the route with {(int?)leg.Socket.CloseStatus}");
                        return;
                    }

                    message.Advance(result.Count);
                    if (message.WrittenCount > session.MaxMessageSize)
                    {
                        await CloseLegAsync(leg, WebSocketCloseStatus.MessageTooBig, "message too big");
                        Drop(legs, leg, session, api, "the backend sent a message over the size limit");
                        return;
                    }
                }
                while (!result.EndOfMessage);

                await session.SendAsync(message.WrittenMemory, result.MessageType, session.Aborted);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Drop(legs, leg, session, api, ex.Message);
        }
    }

    private void Drop(ConcurrentDictionary<string, RouteLeg> legs, RouteLeg leg, WebSocketSession session, ApiRuntime api, string reason)
    {
        if (legs.TryRemove(KeyValuePair.Create(leg.Route, leg)))
        {
            if (!session.IsClosing)
            {
                OutboundLog.RouteLost(logger, api.Id, session.Id, leg.Route, reason);
            }

            leg.Socket.Abort();
        }
    }

    private static async Task CloseLegsAsync(ConcurrentDictionary<string, RouteLeg> legs, WebSocketCloseStatus status, string? reason)
    {
        await Task.WhenAll(legs.Values.Select(l => CloseLegAsync(l, status, reason)));

        // Each backend's answering close ends its pump; one that never answers is cut off.
        await Task.WhenAny(Task.WhenAll(legs.Values.Select(l => l.Pump)), Task.Delay(CloseTimeout));
    }

    private static async Task CloseLegAsync(RouteLeg leg, WebSocketCloseStatus status, string? reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await CloseOutput.SendAsync(leg.Socket, status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            leg.Socket.Abort();
        }
    }

    /// <summary>AWS API Gateway answers an unroutable message with a JSON message on the same connection; so does WsGate.</summary>
    private static Task ReplyErrorAsync(WebSocketSession session, string message, string expression, string? route) =>
        session.SendAsync(
            JsonSerializer.SerializeToUtf8Bytes(new { error = message, expression, route }),
            WebSocketMessageType.Text,
            session.Aborted).AsTask();

    private sealed class RouteLeg(string route, WebSocket socket)
    {
        public string Route { get; } = route;

        public WebSocket Socket { get; } = socket;

        public Task Pump { get; set; } = Task.CompletedTask;
    }
}
