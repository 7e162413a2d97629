using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Listeners;
using WsGate.Routing;
using WsGate.Throttling;

namespace WsGate.Forwarding;

/// <summary>
/// Content-based routing for a <c>frames</c> API (AWS API Gateway's route selection expression): each whole message the
/// client sends goes to the backend its JSON property selects, over a backend connection opened by the first message for
/// that route and kept for the client's lifetime; every backend's messages go back to the client between the others'.
/// A message that selects no route, or whose backend cannot be reached, is answered with a JSON error message and the
/// connection stays open; a lost backend only closes its route. The client's frames are checked and limited by the same
/// <see cref="FramePump"/> as any relay, writing into a <see cref="RouterTransport"/>.
/// </summary>
internal sealed class RoutedConnection : RelayedConnection
{
    private readonly RouteSet _routes;
    private readonly BackendRequest _request;
    private readonly RelayLeg _router;
    private readonly FramePump _up;
    private readonly ConcurrentDictionary<string, RouteLeg> _legs = new(StringComparer.Ordinal);
    private readonly List<Task> _pumps = [];

    // The API's schemas as the connection opened, compiled; a route with schemas of its own uses those instead.
    private readonly MessageSchema? _apiSchema;

    public RoutedConnection(
        string id,
        Transport client,
        RouteSet routes,
        ListenerRuntime listener,
        string path,
        IPEndPoint? remote,
        ApiBinding binding,
        BackendRequest request,
        ConnectionThrottle? throttle,
        RelayServices services)
        : base(id, client, strict: true, deflate: false, listener, path, remote, binding, throttle, services)
    {
        _routes = routes;
        _request = request with { Extensions = null };
        _apiSchema = MessageSchema.For(binding.Api.Config.MessageSchema);
#pragma warning disable CA2000 // The router leg keeps its RouterTransport for the connection's life; it holds no socket or OS handle to release.
        _router = new RelayLeg(new RouterTransport(RouteAsync), isClient: false, deflate: false, strict: true);
#pragma warning restore CA2000
        _up = new FramePump(this, Client, _router, strict: true);
    }

    protected override IEnumerable<RelayLeg> Legs => [Client, .. _legs.Values.Select(l => l.Leg)];

    private ApiRuntime ApiRuntime => Api!.Api;

    internal override async Task RunAsync()
    {
        await _up.RunAsync();

        // The client is done; its routes were told and close in turn (bounded by the close deadline).
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps);
        await FinishAsync();
    }

    /// <summary>A whole message from the client: to the backend of the route it selects, or answered with an error.</summary>
    private async ValueTask RouteAsync(ReadOnlyMemory<byte> frames, ReadOnlyMemory<byte> payload, bool isText)
    {
        if (Client.CloseReceived)
        {
            // The client was closed (for a message that failed its schema) while more of its messages were being read.
            return;
        }

        var route = _routes.Select(payload.Span, isText);
        if (route is null)
        {
            OutboundLog.Unrouted(Services.Logger, ApiRuntime.Id, Id);
            ReplyError("no route for this message", null);
            return;
        }

        // The router has the message whole already: it is checked here rather than held a second time by the pump.
        if (isText && SchemaOf(route) is { ClientToBackend: { } check } schema && check.Validate(payload.Span) is { } violation)
        {
            await SchemaFailedAsync(_up, schema, violation, route);
            return;
        }

        var leg = _legs.GetValueOrDefault(route) ?? await OpenAsync(route);
        if (leg is null)
        {
            ReplyError("the route's backend is unavailable", route);
            return;
        }

        await leg.Leg.FrameLock.EnterAsync();
        try
        {
            if (!leg.Leg.CloseSent)
            {
                await leg.Leg.Transport.SendAsync(frames);
            }
        }
        catch (Exception ex) when (RelayLeg.IsTransportError(ex))
        {
            Drop(leg, ex.Message);
            ReplyError("the route's backend connection was lost", route);
        }
        finally
        {
            await leg.Leg.ReleaseFrameAsync();
        }
    }

    private async Task<RouteLeg?> OpenAsync(string route)
    {
        foreach (var endpoint in _routes.Pool(route).Candidates())
        {
            try
            {
                var connection = await Services.Connector.ConnectFramesAsync(_request, endpoint.Url, Aborted);
                endpoint.ReportSuccess(Time.GetUtcNow());
                OutboundLog.RouteOpened(Services.Logger, ApiRuntime.Id, Id, route, endpoint.Url.ToString());
                var leg = new RelayLeg(connection.Transport, isClient: false, deflate: false, strict: true);
                var opened = new RouteLeg(route, leg);
                _legs[route] = opened;
                var pump = new FramePump(this, leg, Client, strict: true, SchemaOf(route), route);
                lock (_pumps)
                {
                    _pumps.Add(Task.Run(pump.RunAsync));
                }

                return opened;
            }
            catch (BackendConnectException ex)
            {
                ApiRuntime.CountBackendFailure();
                endpoint.ReportFailure(ex.Reason, ApiRuntime.Config.HealthCheck.UnhealthyThreshold, Time.GetUtcNow());
                OutboundLog.RouteUnreachable(Services.Logger, ApiRuntime.Id, route, $"{endpoint.Url}: {ex.Reason}");
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    private MessageSchema? SchemaOf(string route) => _routes.SchemaOf(route) ?? _apiSchema;

    /// <summary>AWS API Gateway answers an unroutable message with a JSON message on the same connection; so does WsGate.</summary>
    private void ReplyError(string message, string? route) =>
        Enqueue(new OutboundMessage(
            JsonSerializer.SerializeToUtf8Bytes(new { error = message, expression = _routes.Expression.Text, route }),
            WebSocketMessageType.Text,
            Exempt: true));

    private void Drop(RouteLeg leg, string reason)
    {
        if (_legs.TryRemove(KeyValuePair.Create(leg.Route, leg)))
        {
            if (!IsClosing && !Client.CloseReceived)
            {
                OutboundLog.RouteLost(Services.Logger, ApiRuntime.Id, Id, leg.Route, reason);
            }

            leg.Leg.Transport.Abort();
        }
    }

    private RouteLeg? Find(RelayLeg leg) => _legs.Values.FirstOrDefault(l => ReferenceEquals(l.Leg, leg));

    public override string? RouteOf(RelayLeg leg) => Find(leg)?.Route;

    /// <summary>The client closed: every route gets its close frame; a route closing only ends that route.</summary>
    public override async Task CloseReceivedAsync(FramePump pump, RelayLeg from, RelayLeg to, ReadOnlyMemory<byte> frame, int code, string? reason)
    {
        from.CloseReceived = true;
        from.ReceivedCloseCode = code;
        from.ReceivedCloseReason = reason;
        StartClosing();
        if (from.IsClient)
        {
            await CloseRoutesAsync(frame);

            // The routes answer their own closes; the client's closing handshake is completed by WsGate (section 5.5.1).
            await SendCloseAsync(Client, code, reason);
            return;
        }

        if (Find(from) is { } leg)
        {
            await SendCloseAsync(from, code, reason);
            Drop(leg, $"the backend closed the route with {code}");
        }
    }

    /// <summary>A route's backend hung up after its close: that route only ends.</summary>
    public override Task SourceEndedAsync(FramePump pump) =>
        ReferenceEquals(pump.Source, Client) ? base.SourceEndedAsync(pump) : Task.CompletedTask;

    public override async Task<bool> SourceLostAsync(FramePump pump, RelayLeg leg, Transport transport, Exception? error)
    {
        if (leg.IsClient)
        {
            StartClosing();
            await CloseRoutesAsync(WebSocketCloseStatus.EndpointUnavailable, "client connection lost");
            return false;
        }

        if (Find(leg) is { } route)
        {
            Drop(route, error?.Message ?? "the backend closed the connection without a close frame");
        }

        return false;
    }

    public override async Task FailAsync(FramePump pump, RelayLeg leg, WebSocketCloseStatus status, string reason)
    {
        leg.CloseReceived = true;
        if (leg.IsClient)
        {
            ClientBroke(reason);
            StartClosing();
            await SendCloseAsync(Client, (int)status, reason);
            await CloseRoutesAsync(WebSocketCloseStatus.EndpointUnavailable, "client connection failed: " + reason);
            return;
        }

        if (Find(leg) is { } route)
        {
            await SendCloseAsync(leg, (int)status, reason);
            Drop(route, "the backend sent an invalid frame: " + reason);
        }
    }

    public override async Task TooBigAsync(FramePump pump, long limit)
    {
        ClientTooBig(limit);
        StartClosing();
        await SendCloseAsync(Client, (int)WebSocketCloseStatus.MessageTooBig, $"message exceeds {limit} bytes");
        await CloseRoutesAsync(WebSocketCloseStatus.EndpointUnavailable, "client closed for an oversized message");
    }

    /// <summary>The sender gets the code; a route's backend sending it closes the client with the same code; the other routes get 1001.</summary>
    protected override async Task CloseForSchemaAsync(FramePump pump, int code, string reason)
    {
        if (pump.Source.IsClient)
        {
            await SendCloseAsync(Client, code, reason);
            await CloseRoutesAsync(WebSocketCloseStatus.EndpointUnavailable, "client closed: " + reason);
            return;
        }

        await SendCloseAsync(pump.Source, code, reason);
        await SendCloseAsync(Client, code, "backend " + reason);
        await CloseRoutesAsync(WebSocketCloseStatus.EndpointUnavailable, "closed for a backend message that failed its schema");
    }

    protected override async Task ClosedForRateAsync(FramePump pump, WebSocketCloseStatus status, string reason)
    {
        StartClosing();
        await SendCloseAsync(Client, (int)status, reason);
        await CloseRoutesAsync(WebSocketCloseStatus.EndpointUnavailable, "client closed for exceeding a rate limit");
    }

    private Task CloseRoutesAsync(WebSocketCloseStatus status, string reason) =>
        Task.WhenAll(_legs.Values.Select(l => SendCloseAsync(l.Leg, (int)status, reason)));

    /// <summary>The client's own close frame, as it came, to every route (a masked client frame is valid for a backend).</summary>
    private Task CloseRoutesAsync(ReadOnlyMemory<byte> frame) =>
        Task.WhenAll(_legs.Values.Select(async l =>
        {
            await l.Leg.FrameLock.EnterAsync();
            try
            {
                if (!l.Leg.CloseSent)
                {
                    l.Leg.CloseSent = true;
                    await l.Leg.Transport.SendAsync(frame);
                }
            }
            catch (Exception ex) when (RelayLeg.IsTransportError(ex))
            {
                l.Leg.Transport.Abort();
            }
            finally
            {
                await l.Leg.ReleaseFrameAsync();
            }
        }));

    private sealed record RouteLeg(string Route, RelayLeg Leg);
}
