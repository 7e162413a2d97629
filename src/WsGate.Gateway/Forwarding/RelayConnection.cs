using System.Net;
using System.Net.WebSockets;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Listeners;
using WsGate.Routing;
using WsGate.Threading;
using WsGate.Throttling;

namespace WsGate.Forwarding;

/// <summary>
/// A WebSocket relayed to one backend, in <c>frames</c> or <c>stream</c> mode: the client's leg, the backend's, and a
/// <see cref="FramePump"/> each way. The pumps move frames; this class decides what happens to both sides when one of
/// them closes, breaks the protocol, exceeds a limit or goes away (RFC 6455 section 7), and fails over to another backend
/// when the API allows it. In frames mode WsGate answers each side's pings and checks each side's frames; in stream mode
/// frames pass untouched and only their boundaries are followed, so WsGate's own close frames can still go between two.
/// </summary>
internal sealed class RelayConnection : RelayedConnection
{
    private readonly RelayLeg _backend;
    private readonly FramePump _up;
    private readonly FramePump _down;
    private readonly ApiRuntime _api;
    private readonly BackendRequest? _request;
    private AsyncGate? _failover;
    private BackendEndpoint _endpoint;
    private string? _negotiatedSubProtocol;
    private string? _negotiatedExtensions;
    private volatile bool _backendLost;
    private volatile bool _clientLost;

    public RelayConnection(
        string id,
        Transport client,
        BackendConnection backend,
        BackendEndpoint endpoint,
        bool strict,
        bool deflate,
        ListenerRuntime listener,
        string path,
        IPEndPoint? remote,
        ApiBinding binding,
        BackendRequest request,
        ConnectionThrottle? throttle,
        RelayServices services)
        : base(id, client, strict, deflate, listener, path, remote, binding, throttle, services)
    {
        _api = binding.Api;

        // Kept only where a lost backend may be replaced: the request is what a replacement is asked with.
        _request = strict && binding.Api.Config.ReconnectOnBackendLoss ? request : null;
        _endpoint = endpoint;
        _backend = new RelayLeg(backend.Transport, isClient: false, deflate, strict);
        var schema = strict ? MessageSchema.For(binding.Api.Config.MessageSchema) : null;
        _up = new FramePump(this, Client, _backend, strict, schema);
        _down = new FramePump(this, _backend, Client, strict, schema);
    }

    protected override IEnumerable<RelayLeg> Legs => [Client, _backend];

    /// <summary>What the first backend negotiated; a replacement must agree, since the client already has these terms.</summary>
    public void Negotiated(string? subProtocol, string? extensions)
    {
        _negotiatedSubProtocol = subProtocol;
        _negotiatedExtensions = extensions;
    }

    internal override async Task RunAsync()
    {
        var up = _up.RunAsync();
        var down = _down.RunAsync();
        await up;
        await down;
        await FinishAsync();
    }

    public override async Task CloseReceivedAsync(FramePump pump, RelayLeg from, RelayLeg to, ReadOnlyMemory<byte> frame, int code, string? reason)
    {
        from.CloseReceived = true;
        from.ReceivedCloseCode = code;
        from.ReceivedCloseReason = reason;
        StartClosing();
        var toGone = to.IsClient ? _clientLost : _backendLost;
        if (!toGone)
        {
            // A client's masked close is a valid client frame for the backend; the backend's unmasked one is valid for the client.
            await ForwardCloseAsync(pump, frame);
        }
        else if (from.IsClient)
        {
            // No backend to answer: WsGate completes the client's closing handshake itself (section 5.5.1: echo the code).
            await SendCloseAsync(Client, code, reason);
        }

        await SettleClientAsync();
    }

    /// <summary>
    /// A lost backend is replaced when the API allows it and no message is half relayed (true: the pump carries on with
    /// the new one); otherwise the client gets 1011 (RFC 6455 section 7.4.1). A lost client: the backend gets 1001.
    /// </summary>
    public override async Task<bool> SourceLostAsync(FramePump pump, RelayLeg leg, Transport transport, Exception? error)
    {
        if (leg.IsClient)
        {
            _clientLost = true;
            if (!IsClosing && !Client.CloseReceived)
            {
                ConnectionLog.Aborted(Services.Logger, Id, error?.Message ?? "the client closed the connection without a close frame");
            }

            await TellTargetAsync(pump, WebSocketCloseStatus.EndpointUnavailable, "client connection lost");
            return false;
        }

        if (Client.CloseReceived || IsClosing || ClientFailed || _clientLost)
        {
            // Closing already: the backend hanging up is part of it.
            _backendLost = true;
            return false;
        }

        if (Strict && !ReferenceEquals(leg.Transport, transport))
        {
            // The other pump replaced the backend while this one waited on the old connection.
            return true;
        }

        if (Strict && await TryFailoverAsync(transport))
        {
            return true;
        }

        _backendLost = true;
        _api.CountBackendFailure();
        const WebSocketCloseStatus status = WebSocketCloseStatus.InternalServerError;
        ForwardingLog.BackendLost(Services.Logger, Id, _endpoint.Url.ToString(), error?.Message ?? "the backend closed the connection without a close frame", (int)status);
        ProtocolError = "backend connection lost";
        await TellTargetAsync(pump, status, "backend connection lost");
        return false;
    }

    public override async Task FailAsync(FramePump pump, RelayLeg leg, WebSocketCloseStatus status, string reason)
    {
        leg.CloseReceived = true;
        if (leg.IsClient)
        {
            ClientBroke(reason);
            await SendCloseAsync(Client, (int)status, reason);
            await TellTargetAsync(pump, WebSocketCloseStatus.EndpointUnavailable, "client connection failed: " + reason);
            return;
        }

        // The backend broke the protocol: its leg gets the code, the client 1014 (bad gateway).
        const int badGateway = 1014;
        _api.CountBackendFailure();
        _backendLost = true;
        ForwardingLog.BackendLost(Services.Logger, Id, _endpoint.Url.ToString(), reason, badGateway);
        ProtocolError = "backend sent an invalid frame: " + reason;
        await SendCloseAsync(_backend, (int)status, reason);
        await TellTargetAsync(pump, (WebSocketCloseStatus)badGateway, "backend sent an invalid frame");
    }

    /// <summary>1009 to the client (RFC 6455 section 7.4.1), 1001 to the backend.</summary>
    public override async Task TooBigAsync(FramePump pump, long limit)
    {
        ClientTooBig(limit);
        await SendCloseAsync(Client, (int)WebSocketCloseStatus.MessageTooBig, $"message exceeds {limit} bytes");
        await TellTargetAsync(pump, WebSocketCloseStatus.EndpointUnavailable, "client closed for an oversized message");
    }

    /// <summary>The sender gets the code; the client is told with the same code when the backend sent the message, the backend 1001 otherwise.</summary>
    protected override async Task CloseForSchemaAsync(FramePump pump, int code, string reason)
    {
        await SendCloseAsync(pump.Source, code, reason);
        await TellTargetAsync(pump, pump.Source.IsClient ? WebSocketCloseStatus.EndpointUnavailable : (WebSocketCloseStatus)code, pump.Source.IsClient ? "client closed: " + reason : "backend " + reason);
    }

    protected override async Task ClosedForRateAsync(FramePump pump, WebSocketCloseStatus status, string reason)
    {
        await SendCloseAsync(Client, (int)status, reason);
        await TellTargetAsync(pump, WebSocketCloseStatus.EndpointUnavailable, "client closed for exceeding a rate limit");
    }

    /// <summary>
    /// Replaces a lost backend with another endpoint of the same environment that agrees to the same subprotocol and
    /// extension terms, so the client sees no change. Only when no message is half relayed in either direction.
    /// </summary>
    private async Task<bool> TryFailoverAsync(Transport failed)
    {
        if (_request is null || !_api.Config.ReconnectOnBackendLoss || IsClosing)
        {
            return false;
        }

        var gate = LazyInitializer.EnsureInitialized(ref _failover);
        await gate.EnterAsync();
        try
        {
            if (!ReferenceEquals(_backend.Transport, failed))
            {
                return !_backend.Transport.IsAborted;
            }

            if (_up.MidMessage || _down.MidMessage || Client.CloseReceived)
            {
                return false;
            }

            var lost = _endpoint;
            lost.ReportFailure("connection lost during a relay", _api.Config.HealthCheck.UnhealthyThreshold, Time.GetUtcNow());
            var binding = Api!;
            foreach (var candidate in _api.Pool(binding.Environment).Candidates().Where(c => c != lost))
            {
                BackendConnection replacement;
                try
                {
                    replacement = await Services.Connector.ConnectFramesAsync(_request, candidate.Url, Aborted);
                }
                catch (BackendConnectException ex)
                {
                    candidate.ReportFailure(ex.Reason, _api.Config.HealthCheck.UnhealthyThreshold, Time.GetUtcNow());
                    ForwardingLog.BackendUnreachable(Services.Logger, _api.Id, candidate.Url.ToString(), ex.Reason);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                if (replacement.SubProtocol != _negotiatedSubProtocol || replacement.Extensions != _negotiatedExtensions)
                {
                    await replacement.Transport.DisposeAsync();
                    continue;
                }

                candidate.ReportSuccess(Time.GetUtcNow());
                _backend.Replace(replacement.Transport);
                _endpoint = candidate;
                Api = binding with { Backend = candidate.Url };
                ForwardingLog.Reconnected(Services.Logger, Id, lost.Url.ToString(), candidate.Url.ToString());
                return true;
            }

            return false;
        }
        finally
        {
            gate.Exit();
        }
    }
}
