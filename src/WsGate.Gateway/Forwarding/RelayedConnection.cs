using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Throttling;
using WsGate.Connections;
using WsGate.Listeners;
using WsGate.Protocol;
using WsGate.Throttling;

namespace WsGate.Forwarding;

/// <summary>
/// What every relayed connection has, whether it goes to one backend (<see cref="RelayConnection"/>) or to one per route
/// (<see cref="RoutedConnection"/>): the client's leg, the closing deadline, WsGate's own frames to a side (closes,
/// keepalive pings, messages pushed to the client between the backend's), and what its <see cref="FramePump"/>s call
/// when a side closes, breaks the protocol, exceeds a limit or goes away.
/// </summary>
internal abstract class RelayedConnection : LiveConnection
{
    protected static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private OutboundQueue? _outbound;
    private Task? _writer;
    private volatile bool _aborting;
    private int _clientEnded;
    private int _closingStarted;

    // Schema error messages on their way to backends (at most one per backend): FinishAsync waits for them, so none
    // outlives the connection.
    private readonly List<Task> _backendReplies = [];

    protected RelayedConnection(
        string id,
        Transport client,
        bool strict,
        bool deflate,
        ListenerRuntime listener,
        string path,
        IPEndPoint? remote,
        ApiBinding binding,
        ConnectionThrottle? throttle,
        RelayServices services)
        : base(id, listener, path, "api", remote, null, binding, services.Time)
    {
        Services = services;
        Strict = strict;
        Throttle = throttle;
        Client = new RelayLeg(client, isClient: true, deflate, strict);
    }

    protected RelayServices Services { get; }

    public RelayLeg Client { get; }

    /// <summary>Frames mode (WsGate checks and answers each side) rather than stream mode (frames pass untouched).</summary>
    public bool Strict { get; }

    /// <summary>Set once the connection is being torn down: errors on its transports are expected from then on.</summary>
    public bool IsAborting => _aborting;

    /// <summary>The client failed (a protocol error or a limit).</summary>
    protected bool ClientFailed { get; set; }

    /// <summary>The client broke the protocol: recorded as the connection's reason for its report, and logged.</summary>
    protected void ClientBroke(string reason)
    {
        ClientFailed = true;
        ProtocolError = reason;
        Diagnostics.ConnectionLog.Aborted(Services.Logger, Id, reason);
    }

    /// <summary>The client sent a message over the size limit (closed with 1009): counted, logged and recorded.</summary>
    protected void ClientTooBig(long limit)
    {
        Listener.Counters.CountTooBigClosed();
        Diagnostics.ConnectionLog.MessageTooBig(Services.Logger, Id, limit);
        ClientFailed = true;
        Client.CloseReceived = true;
        ProtocolError = $"message exceeds {limit} bytes; closed with 1009";
    }

    public override bool SeesMessages => Strict;

    /// <summary>RFC 6455 section 7.1.5: the code of the close frame the client sent; none (1006) when it sent none.</summary>
    public override int? CloseCode => Client.ReceivedCloseCode;

    public override string? CloseReason => Client.ReceivedCloseReason;

    public override long Dropped => _outbound?.Dropped ?? 0;

    /// <summary>Messages waiting for the client, made with the first one: most relayed connections never queue one.</summary>
    private OutboundQueue Outbound
    {
        get
        {
            if (Volatile.Read(ref _outbound) is { } queue)
            {
                return queue;
            }

            var created = new OutboundQueue(Throttle?.OutboundQueue ?? OutboundQueueConfig.Default);
            return Interlocked.CompareExchange(ref _outbound, created, null) ?? created;
        }
    }

    /// <summary>Every leg of the connection, the client's first.</summary>
    protected abstract IEnumerable<RelayLeg> Legs { get; }

    /// <summary>The content-based route whose backend <paramref name="leg"/> is; null where one backend serves every message.</summary>
    public virtual string? RouteOf(RelayLeg leg) => null;

    /// <summary>A side sent its close frame (frames mode).</summary>
    public abstract Task CloseReceivedAsync(FramePump pump, RelayLeg from, RelayLeg to, ReadOnlyMemory<byte> frame, int code, string? reason);

    /// <summary>Stream mode: a close frame went through in the forwarded bytes.</summary>
    public virtual Task CloseForwardedAsync(RelayLeg from, RelayLeg to, int code, string? reason)
    {
        from.CloseReceived = true;
        from.ReceivedCloseCode = code;
        from.ReceivedCloseReason = reason;
        to.CloseSent = true;
        StartClosing();
        return SettleClientAsync();
    }

    /// <summary>
    /// A side hung up after its close (or while WsGate closed the connection): the other side gets the end of the stream
    /// too, so it hangs up in turn and its pump ends.
    /// </summary>
    public virtual async Task SourceEndedAsync(FramePump pump) =>
        await pump.WithTargetFrameAsync(target => target.Transport.ShutdownSendAsync());

    /// <summary>
    /// Once the client has both sent and been sent a close, its closing handshake is done and WsGate, the server, ends TCP
    /// first (RFC 6455 section 7.1.1); after a failure (a close WsGate sent for a protocol error or a limit) it does so at
    /// once, as failing a connection requires (section 7.1.7). The client's pump reads on until the client hangs up.
    /// </summary>
    protected async Task SettleClientAsync()
    {
        if (Client.CloseSent && Client.CloseReceived && Interlocked.Exchange(ref _clientEnded, 1) == 0)
        {
            await Client.Transport.ShutdownSendAsync();
        }
    }

    /// <summary>A side's connection ended without a close frame; true when the pump should carry on (a replacement backend).</summary>
    public abstract Task<bool> SourceLostAsync(FramePump pump, RelayLeg leg, Transport transport, Exception? error);

    /// <summary>A side broke the protocol (RFC 6455 section 7.1.7).</summary>
    public abstract Task FailAsync(FramePump pump, RelayLeg leg, WebSocketCloseStatus status, string reason);

    /// <summary>The client sent a message over the max size.</summary>
    public abstract Task TooBigAsync(FramePump pump, long limit);

    /// <summary>The client exceeded a rate limit whose action is to close.</summary>
    protected abstract Task ClosedForRateAsync(FramePump pump, WebSocketCloseStatus status, string reason);

    /// <summary>A rate limit refused a frame: dropped, delayed, or (null) the connection is closed for it.</summary>
    public async Task<ThrottleVerdict?> ThrottledAsync(FramePump pump, ThrottleDecision decision, bool startsMessage, long bytes)
    {
        try
        {
            return await Throttle!.HandleAsync(decision, this, startsMessage, bytes, canDrop: startsMessage, Aborted);
        }
        catch (ThrottleCloseException ex)
        {
            // RFC 6455 section 7.4.1: 1008, a policy was violated.
            ClientFailed = true;
            Client.CloseReceived = true;
            await ClosedForRateAsync(pump, ex.Status, ex.Message);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// A text message failed its direction's schema (<paramref name="route"/> for a routed one): counted and logged, then
    /// dropped with a JSON error message to its sender (true: the pump carries on), or the connection is closed with 1007
    /// or 1008 (false). The message itself never reaches the other side.
    /// </summary>
    public async Task<bool> SchemaFailedAsync(FramePump pump, MessageSchema schema, SchemaViolation violation, string? route)
    {
        var sender = pump.Source;
        var direction = sender.IsClient ? "clientToBackend" : "backendToClient";
        var action = schema.OnFailure switch
        {
            SchemaFailureAction.Close1007 => "closed1007",
            SchemaFailureAction.Close1008 => "closed1008",
            _ => "dropped",
        };
        var apiId = Api?.Api.Id ?? "";
        Services.Analytics.SchemaFailed(this, route, direction, action, $"{direction} message fails its schema at '{violation.Path}': {violation.Message}");
        Diagnostics.ForwardingLog.SchemaFailed(Services.Logger, Id, apiId, route ?? "", direction, violation.Path, violation.Message, action);
        if (schema.OnFailure == SchemaFailureAction.Drop)
        {
            var error = JsonSerializer.SerializeToUtf8Bytes(new SchemaError("message does not match the schema", direction, violation.Path, violation.Message, route), JsonSerializerOptions.Web);
            if (sender.IsClient)
            {
                Enqueue(new OutboundMessage(error, WebSocketMessageType.Text, Exempt: true));
            }
            else if (sender.TryStartSchemaReply())
            {
                // Not awaited: the backend's output may be inside a message the client pump is forwarding, and the pump
                // that read the bad message must not wait for the other pump. One reply at a time per backend: a backend
                // sending bad messages faster than its replies go out is not sent one for each (each is still counted
                // and logged above), so its replies cannot pile up behind a busy output.
                var reply = ReplyToBackendAsync(sender, error);
                lock (_backendReplies)
                {
                    _backendReplies.RemoveAll(r => r.IsCompleted);
                    _backendReplies.Add(reply);
                }
            }

            return true;
        }

        var code = schema.OnFailure == SchemaFailureAction.Close1007 ? (int)WebSocketCloseStatus.InvalidPayloadData : (int)WebSocketCloseStatus.PolicyViolation;
        var reason = $"message fails its schema at '{violation.Path}'";
        sender.CloseReceived = true;
        if (sender.IsClient)
        {
            ClientFailed = true;
        }

        ProtocolError = $"{direction} {reason}; closed with {code}";
        StartClosing();
        await CloseForSchemaAsync(pump, code, reason.Length > 100 ? reason[..100] : reason);
        return false;
    }

    /// <summary>Closes the connection for a message that failed its schema: its sender gets <paramref name="code"/>.</summary>
    protected abstract Task CloseForSchemaAsync(FramePump pump, int code, string reason);

    private async Task ReplyToBackendAsync(RelayLeg backend, byte[] error)
    {
        try
        {
            await backend.MessageLock.EnterAsync();
            try
            {
                await backend.FrameLock.EnterAsync();
                try
                {
                    if (!backend.CloseSent)
                    {
                        await backend.WriteFrameLockedAsync(Opcode.Text, error);
                    }
                }
                finally
                {
                    await backend.ReleaseFrameAsync();
                }
            }
            finally
            {
                backend.MessageLock.Exit();
            }
        }
        catch (Exception ex) when (RelayLeg.IsTransportError(ex))
        {
            // The backend is gone; its pump finds out when it reads.
        }
        catch (Exception ex)
        {
            // FinishAsync only waits for the reply to end: what went wrong is logged here rather than lost with the task.
            Diagnostics.ForwardingLog.SchemaReplyFailed(Services.Logger, Id, ex);
        }
        finally
        {
            backend.SchemaReplyEnded();
        }
    }

    /// <summary>The error message a sender gets for a dropped message, shaped like the routing error's.</summary>
    private sealed record SchemaError(string Error, string Direction, string Path, string Detail, string? Route);

    /// <summary>Writing to a side failed: it is gone, and its own pump finds out when it reads.</summary>
    public void TargetFailed(RelayLeg leg)
    {
        leg.CloseSent = true;
        leg.Transport.Abort();
    }

    /// <summary>0 until the backend's first message: then the connection's age is what counts.</summary>
    private long _lastBackendMessage;

    public override TimeSpan? BackendIdleFor =>
        Time.GetElapsedTime(Volatile.Read(ref _lastBackendMessage) is var last and not 0 ? last : ConnectedTimestamp);

    /// <summary>
    /// Counts what a backend pump forwarded and notes when, for the backend-side idle timeout: only relays keep that
    /// time, and only once per batch of frames the pump read.
    /// </summary>
    public void CountFromBackend(long bytes, long messages)
    {
        Volatile.Write(ref _lastBackendMessage, Time.GetTimestamp());
        CountOut(bytes, messages);
    }

    /// <summary>A frame from <paramref name="leg"/> other than data: the client's counts as activity for the idle timeout.</summary>
    public void Touch(RelayLeg leg)
    {
        if (leg.IsClient)
        {
            Touch();
        }
    }

    public long RelayStarted() => Services.Analytics.RelayStarted();

    public void RelayEnded(long started)
    {
        if (started >= 0 && Api is { } api)
        {
            Services.Analytics.RelayEnded(started, api.Api);
        }
    }

    /// <summary>
    /// From the first close on, a peer that does not finish closing is cut off after the close timeout. The deadline's
    /// timer and registration exist only from here: an open connection holds neither.
    /// </summary>
    protected void StartClosing()
    {
        if (Interlocked.Exchange(ref _closingStarted, 1) == 0)
        {
            Aborted.UnsafeRegister(static state => ((RelayedConnection)state!).AbortTransports(), this);
            AbortAfter(CloseTimeout);
        }
    }

    /// <summary>
    /// Tells the side <paramref name="pump"/> writes to that the other side is gone, with a close frame when its wire is
    /// between frames (otherwise its connection is cut: nothing may go inside a frame), and starts the closing deadline.
    /// </summary>
    protected async Task TellTargetAsync(FramePump pump, WebSocketCloseStatus status, string reason)
    {
        StartClosing();
        if (pump.TargetMidFrame)
        {
            pump.Target.Transport.Abort();
            return;
        }

        await pump.WithTargetFrameAsync(async leg => await leg.SendCloseLockedAsync((int)status, reason));
        await SettleClientAsync();
    }

    /// <summary>Forwards a close frame as it came (RFC 6455 section 7.1.5: code and reason cross unchanged) unless one went already.</summary>
    protected async Task ForwardCloseAsync(FramePump pump, ReadOnlyMemory<byte> frame)
    {
        await pump.WithTargetFrameAsync(async target =>
        {
            if (target.CloseSent)
            {
                return;
            }

            target.CloseSent = true;
            try
            {
                await target.Transport.SendAsync(frame);
            }
            catch (Exception ex) when (RelayLeg.IsTransportError(ex))
            {
                target.Transport.Abort();
            }
        });
        await SettleClientAsync();
    }

    /// <summary>WsGate's own close frame to one side, when its wire is free within the close timeout; cut off otherwise.</summary>
    protected async Task SendCloseAsync(RelayLeg leg, int code, string? reason)
    {
        if (!await leg.FrameLock.EnterAsync(CloseTimeout))
        {
            leg.Transport.Abort();
            return;
        }

        try
        {
            await leg.SendCloseLockedAsync(code, reason);
        }
        finally
        {
            await leg.ReleaseFrameAsync();
        }

        await SettleClientAsync();
    }

    /// <summary>Starts WsGate's closing handshake on every side (idle timeout, an operator, a revoked credential, shutdown).</summary>
    public override async Task CloseAsync(WebSocketCloseStatus status, string? reason)
    {
        if (!MarkClosing())
        {
            return;
        }

        _outbound?.Complete();
        StartClosing();
        foreach (var leg in Legs.ToList())
        {
            await SendCloseAsync(leg, (int)status, reason);
        }
    }

    public override void Abort()
    {
        AbortTransports();
        base.Abort();
    }

    private void AbortTransports()
    {
        _aborting = true;
        _outbound?.Complete();
        foreach (var leg in Legs)
        {
            leg.Transport.Abort();
        }
    }

    /// <summary>Every pump ended, so every side has hung up (or was cut off): the sockets go.</summary>
    protected async Task FinishAsync()
    {
        _outbound?.Complete();
        _aborting = true;
        foreach (var leg in Legs.ToList())
        {
            leg.Transport.Abort();
        }

        if (_writer is not null)
        {
            await _writer;
        }

        // The transports are aborted, so a reply still on its way fails at once; it catches what it meets.
        Task[] replies;
        lock (_backendReplies)
        {
            replies = [.. _backendReplies];
            _backendReplies.Clear();
        }

        await Task.WhenAll(replies);
    }

    /// <summary>
    /// Queues a message for the client (server push, a rule's reply, a throttle's error frame), written between the
    /// backends' messages. Stream connections carry no WsGate messages of their own.
    /// </summary>
    public override bool Enqueue(OutboundMessage message)
    {
        if (!Strict || IsClosing || Client.CloseSent)
        {
            return false;
        }

        var outbound = Outbound;
        switch (outbound.TryEnqueue(message))
        {
            case EnqueueResult.Queued:
                EnsureWriter();
                return true;
            case EnqueueResult.Overflow:
                var status = outbound.Config.Overflow == OverflowAction.Close1013 ? (WebSocketCloseStatus)1013 : WebSocketCloseStatus.PolicyViolation;
                Throttle?.ReportOverflow(this, outbound, status);
                outbound.Complete(discard: true);
                _ = CloseAsync(status, "outbound queue full: the client is not keeping up");
                return false;
            default:
                return false;
        }
    }

    private void EnsureWriter()
    {
        if (_writer is null)
        {
            lock (Client)
            {
                _writer ??= Task.Run(WriteQueuedAsync);
            }
        }
    }

    private async Task WriteQueuedAsync()
    {
        try
        {
            var outbound = Outbound;
            while (await outbound.WaitToReadAsync(Aborted))
            {
                while (outbound.TryTake(out var message))
                {
                    await WriteMessageAsync(message);
                }
            }
        }
        catch (Exception ex) when (RelayLeg.IsTransportError(ex))
        {
            // The connection is going away; what is still queued goes with it.
        }
    }

    private async Task WriteMessageAsync(OutboundMessage message)
    {
        if (!message.Exempt && Throttle is { } throttle)
        {
            var decision = throttle.Check(ThrottleDirection.Outbound, true, message.Payload.Length);
            if (!decision.IsAllowed && await throttle.HandleAsync(decision, this, true, message.Payload.Length, canDrop: true, Aborted) == ThrottleVerdict.Discard)
            {
                return;
            }
        }

        await Client.MessageLock.EnterAsync();
        try
        {
            await Client.FrameLock.EnterAsync();
            try
            {
                if (Client.CloseSent)
                {
                    return;
                }

                await Client.WriteFrameLockedAsync(message.Type == WebSocketMessageType.Binary ? Opcode.Binary : Opcode.Text, message.Payload);
                CountOut(message.Payload.Length, 1L);
            }
            finally
            {
                await Client.ReleaseFrameAsync();
            }
        }
        finally
        {
            Client.MessageLock.Exit();
        }
    }

    /// <summary>
    /// Keepalive, from the connection heartbeat: a ping to each side every <paramref name="interval"/> (frames mode), and
    /// a side that leaves one unanswered for <paramref name="timeout"/> is taken for gone (its connection is cut, and the
    /// other side told as for any lost connection).
    /// </summary>
    internal override void KeepAlive(TimeSpan interval, TimeSpan timeout)
    {
        if (!Strict || IsClosing)
        {
            return;
        }

        foreach (var leg in Legs)
        {
            var now = Time.GetTimestamp();
            if (leg.PingSentAt != 0 && timeout > TimeSpan.Zero && Time.GetElapsedTime(leg.PingSentAt, now) >= timeout)
            {
                Diagnostics.ConnectionLog.Aborted(Services.Logger, Id, $"no pong from the {leg.Name} within {timeout.TotalMilliseconds} ms");
                leg.Transport.Abort();
                continue;
            }

            if (Time.GetElapsedTime(leg.LastPingAt == 0 ? ConnectedTimestamp : leg.LastPingAt, now) >= interval && leg.FrameLock.TryEnter())
            {
                leg.LastPingAt = now;
                if (timeout > TimeSpan.Zero && leg.PingSentAt == 0)
                {
                    leg.PingSentAt = now;
                }

                _ = PingAsync(leg);
            }
        }
    }

    private static async Task PingAsync(RelayLeg leg)
    {
        try
        {
            if (!leg.CloseSent)
            {
                await leg.WriteFrameLockedAsync(Opcode.Ping, ReadOnlyMemory<byte>.Empty);
            }
        }
        catch (Exception ex) when (RelayLeg.IsTransportError(ex))
        {
        }
        finally
        {
            await leg.ReleaseFrameAsync();
        }
    }

    internal override ValueTask DisposeAsync()
    {
        foreach (var leg in Legs)
        {
            leg.Transport.Abort();
        }

        DisposeAborted();
        return ValueTask.CompletedTask;
    }
}
