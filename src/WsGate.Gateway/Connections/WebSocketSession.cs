using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Throttling;
using WsGate.Diagnostics;
using WsGate.Listeners;
using WsGate.Rules;
using WsGate.Throttling;

namespace WsGate.Connections;

/// <summary>
/// A connection whose WebSocket WsGate terminates itself (the echo and channel endpoints), with .NET's WebSocket over the
/// connection's transport: every message passes through <see cref="ReceiveAsync"/> and one send path. All sends
/// (handler replies, server push, broadcasts) hold <see cref="_sendLock"/> for a whole message, so a message is never
/// interleaved with another one's frames (RFC 6455 section 5.4).
/// </summary>
public sealed class WebSocketSession : LiveConnection
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    // Long enough for a loaded machine to deliver the close frame of a failed connection; a client that reads it hangs up
    // and ends the wait early. A strict client waits for the server to close TCP (RFC 6455 section 7.1.1).
    private static readonly TimeSpan FailedCloseLinger = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly OutboundQueue _outbound;
    private readonly Transport? _transport;
    private readonly Func<WebSocketSession, Task>? _handler;
    private readonly ILogger? _logger;
    private Task? _writer;
    private long _currentMessageSize;

    public WebSocketSession(
        string id,
        WebSocket socket,
        ListenerRuntime listener,
        string path,
        string kind,
        IPEndPoint? remote,
        string? user,
        TimeProvider time,
        ApiBinding? api = null,
        ConnectionThrottle? throttle = null)
        : base(id, listener, path, kind, remote, user, api, time)
    {
        Socket = socket;
        Throttle = throttle;
        _outbound = new OutboundQueue(throttle?.OutboundQueue ?? OutboundQueueConfig.Default);
    }

    /// <summary>
    /// A session over an accepted connection's transport, run by <paramref name="handler"/> (echo, channel, or a
    /// prototyped API's <paramref name="api"/>).
    /// </summary>
    internal WebSocketSession(
        string id,
        Transport transport,
        WebSocket socket,
        ListenerRuntime listener,
        string path,
        string kind,
        IPEndPoint? remote,
        TimeProvider time,
        ConnectionThrottle? throttle,
        Func<WebSocketSession, Task> handler,
        ILogger logger,
        ApiBinding? api = null)
        : this(id, socket, listener, path, kind, remote, null, time, api, throttle)
    {
        _transport = transport;
        _handler = handler;
        _logger = logger;
    }

    public WebSocket Socket { get; }

    /// <summary>.NET's WebSocket options for a session on <paramref name="listener"/>: its keepalive pings and pong timeout.</summary>
    internal static WebSocketCreationOptions ServerOptions(Configuration.ListenerConfig listener) => new()
    {
        IsServer = true,
        KeepAliveInterval = listener.KeepAliveIntervalMs > 0 ? TimeSpan.FromMilliseconds(listener.KeepAliveIntervalMs) : TimeSpan.Zero,
        KeepAliveTimeout = listener.KeepAliveIntervalMs > 0 && listener.PongTimeoutMs > 0
            ? TimeSpan.FromMilliseconds(listener.PongTimeoutMs)
            : Timeout.InfiniteTimeSpan,
    };

    public override int? CloseCode => Socket.CloseStatus is { } status ? (int)status : null;

    public override string? CloseReason => Socket.CloseStatusDescription;

    /// <summary>Queued messages dropped because this connection could not keep up.</summary>
    public override long Dropped => _outbound.Dropped;

    /// <summary>Messages and bytes waiting in the outbound queue.</summary>
    public int QueuedMessages => _outbound.Count;

    public long QueuedBytes => _outbound.Bytes;

    /// <summary>
    /// Receives the next frame into <paramref name="buffer"/>, counting it and enforcing the max message size across the
    /// fragments of a message (RFC 6455 section 5.4). Throws <see cref="MessageTooBigException"/>; the session runner closes
    /// with 1009 once the handler has let go of the send path (an echo holds it for the whole message, so closing from
    /// here would wait on itself).
    /// </summary>
    public async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await Socket.ReceiveAsync(buffer, cancellationToken);
        return await AdmitAsync(result, buffer, cancellationToken);
    }

    /// <summary>
    /// Does for a frame already read from <see cref="Socket"/> what <see cref="ReceiveAsync"/> does: counts it, holds the
    /// message to the max size, applies the throttle and offers it to rules. A caller that waits on the socket directly
    /// (the relay between messages, so an idle connection keeps no awaiting frames of this class alive) passes the result
    /// here. When the throttle drops the message its rest is read and the next frame, read into <paramref name="buffer"/>,
    /// is admitted in its place.
    /// </summary>
    public async ValueTask<ValueWebSocketReceiveResult> AdmitAsync(ValueWebSocketReceiveResult received, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = Counted(received);
        while (true)
        {
            if (result.MessageType == WebSocketMessageType.Close || Throttle is not { } throttle
                || await throttle.AdmitInboundAsync(this, result, cancellationToken))
            {
                // Rules see what the handler sees: a message the throttle dropped triggers nothing.
                Tap?.Frame(buffer.Span[..result.Count], result.MessageType, result.EndOfMessage);
                return result;
            }

            // The message is dropped: read the rest of it and wait for the next one in the caller's buffer.
            await DiscardMessageAsync(result, cancellationToken);
            throttle.InboundMessageDiscarded();
            result = Counted(await Socket.ReceiveAsync(buffer, cancellationToken));
        }
    }

    private ValueWebSocketReceiveResult Counted(ValueWebSocketReceiveResult result)
    {
        if (result.MessageType == WebSocketMessageType.Close)
        {
            Touch();
            return result;
        }

        CountIn(result.Count, result.EndOfMessage);
        _currentMessageSize += result.Count;
        var limit = MaxMessageSize;
        if (_currentMessageSize > limit)
        {
            _currentMessageSize = 0;
            throw new MessageTooBigException(limit);
        }

        if (result.EndOfMessage)
        {
            _currentMessageSize = 0;
        }

        return result;
    }

    /// <summary>Reads the rest of a dropped message, still counted and still held to the max message size.</summary>
    private async ValueTask DiscardMessageAsync(ValueWebSocketReceiveResult first, CancellationToken cancellationToken)
    {
        if (first.EndOfMessage)
        {
            return;
        }

        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            ValueWebSocketReceiveResult result;
            do
            {
                result = Counted(await Socket.ReceiveAsync(scratch.AsMemory(), cancellationToken));
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Sends a whole message now, waiting for any message in progress to finish.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken) =>
        SendMessageAsync(payload, type, exempt: false, cancellationToken);

    private async ValueTask SendMessageAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, bool exempt, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (exempt)
            {
                await Socket.SendAsync(payload, type, true, cancellationToken);
                CountOut(payload.Length, true);
            }
            else
            {
                await SendFrameLockedAsync(payload, type, true, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Takes the send path for a message sent in several frames; pair with <see cref="ReleaseSend"/>.</summary>
    public Task AcquireSendAsync(CancellationToken cancellationToken) => _sendLock.WaitAsync(cancellationToken);

    public void ReleaseSend() => _sendLock.Release();

    /// <summary>Sends one frame of a message; the caller holds the send path (<see cref="AcquireSendAsync"/>).</summary>
    public async ValueTask SendFrameLockedAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (Throttle is { } throttle && !await throttle.AdmitOutboundAsync(this, payload.Length, endOfMessage, cancellationToken))
        {
            return;
        }

        await Socket.SendAsync(payload, type, endOfMessage, cancellationToken);
        CountOut(payload.Length, endOfMessage);
    }

    /// <summary>
    /// Queues a message without waiting for it to be written: a broadcast never waits on its slowest subscriber. When the
    /// queue is full its overflow action drops the oldest or the newest message (counted in <see cref="Dropped"/>) or
    /// closes the connection with 1008 or 1013, discarding what is queued.
    /// </summary>
    public override bool Enqueue(OutboundMessage message)
    {
        if (IsClosing)
        {
            return false;
        }

        EnsureWriter();
        switch (_outbound.TryEnqueue(message))
        {
            case EnqueueResult.Queued:
                return true;
            case EnqueueResult.Overflow:
                var status = _outbound.Config.Overflow == OverflowAction.Close1013 ? (WebSocketCloseStatus)1013 : WebSocketCloseStatus.PolicyViolation;
                Throttle?.ReportOverflow(this, _outbound, status);
                _outbound.Complete(discard: true);
                _ = CloseAsync(status, "outbound queue full: the client is not keeping up");
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Starts the closing handshake (RFC 6455 section 7.1.2). The handler's receive loop then sees the peer's close frame
    /// and ends; a peer that never answers is cut off after a timeout (section 7.1.1 lets the server close TCP first).
    /// </summary>
    public override async Task CloseAsync(WebSocketCloseStatus status, string? reason)
    {
        if (!MarkClosing())
        {
            return;
        }

        _outbound.Complete();
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await CloseOutput.SendAsync(Socket, status, reason, timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }

            if (Socket.State == WebSocketState.CloseSent)
            {
                AbortAfter(CloseTimeout);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Abort();
        }
    }

    public override void Abort()
    {
        base.Abort();
        _outbound.Complete();
        Socket.Abort();
    }

    /// <summary>
    /// Runs the handler to the end of the connection: completes the closing handshake the peer started, and answers what
    /// went wrong with its close code (1009 for a message over the limit, 1008 for a rate limit, the WebSocket's own
    /// 1002/1007 for a protocol error, 1011 for a failed handler).
    /// </summary>
    internal override async Task RunAsync()
    {
        var logger = _logger!;
        try
        {
            await _handler!(this);
            await CompleteCloseAsync();
        }
        catch (MessageTooBigException ex)
        {
            Listener.Counters.CountTooBigClosed();
            ConnectionLog.MessageTooBig(logger, Id, ex.Limit);
            ProtocolError = $"message exceeds {ex.Limit} bytes; closed with 1009";

            // RFC 6455 section 7.4.1: 1009, the message is too big to process. Sent here, after the handler's finally has
            // released a message in progress, since the close frame needs the send path the handler held.
            await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"message exceeds {ex.Limit} bytes");
            await DrainAfterCloseAsync();
        }
        catch (ThrottleCloseException ex)
        {
            // RFC 6455 section 7.4.1: 1008, a policy (the rate limit) was violated; sent once the handler let go of the send path.
            await CloseAsync(ex.Status, ex.Message);
            await DrainAfterCloseAsync();
        }
        catch (WebSocketException ex)
        {
            // Protocol errors are answered by the WebSocket itself with 1002 or 1007 before it throws (RFC 6455 section 7.1.7);
            // the connection then ends gracefully so that close frame is not lost to a reset.
            ConnectionLog.Aborted(logger, Id, ex.Message);
            if (ex.WebSocketErrorCode != WebSocketError.ConnectionClosedPrematurely)
            {
                // A peer that just went away is no protocol error; its close code (1006) says enough.
                ProtocolError = ex.Message;
                await _transport!.LingerCloseAsync(FailedCloseLinger, Time);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionAbortedException)
        {
            ConnectionLog.Aborted(logger, Id, ex.Message);
        }
        catch (Exception ex)
        {
            ConnectionLog.HandlerFailed(logger, Id, ex);
            await CloseAsync(WebSocketCloseStatus.InternalServerError, "internal error");
        }
    }

    /// <summary>
    /// The handler saw the peer's close frame: answer with the peer's code (RFC 6455 section 5.5.1: the endpoint typically
    /// echoes the status code it received).
    /// </summary>
    private async Task CompleteCloseAsync()
    {
        if (Socket.State == WebSocketState.CloseReceived)
        {
            await CloseAsync(Socket.CloseStatus ?? WebSocketCloseStatus.Empty, Socket.CloseStatusDescription);
        }
    }

    /// <summary>After the server sent a close frame, reads until the peer's close so the TCP connection ends cleanly.</summary>
    private async Task DrainAfterCloseAsync()
    {
        var buffer = new byte[1024];
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Aborted);
            timeout.CancelAfter(CloseTimeout);
            while (Socket.State == WebSocketState.CloseSent)
            {
                var result = await Socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            Abort();
        }
    }

    internal override async ValueTask DisposeAsync()
    {
        _outbound.Complete();
        if (_writer is not null)
        {
            try
            {
                await _writer;
            }
            catch (Exception)
            {
                // The writer only fails when the socket does, which the pipeline already reports.
            }
        }

        DisposeAborted();
        Socket.Dispose();
        if (_transport is not null)
        {
            // The server closes TCP first once the closing handshake is done (RFC 6455 section 7.1.1).
            await _transport.ShutdownSendAsync();
            await _transport.DisposeAsync();
        }
    }

    private void EnsureWriter()
    {
        if (_writer is null)
        {
            lock (_outbound)
            {
                _writer ??= Task.Run(WriteQueuedAsync);
            }
        }
    }

    private async Task WriteQueuedAsync()
    {
        try
        {
            while (await _outbound.WaitToReadAsync(Aborted))
            {
                while (_outbound.TryTake(out var message))
                {
                    await SendMessageAsync(message.Payload, message.Type, message.Exempt, Aborted);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The connection is going away; what is still queued is dropped with it.
        }
    }
}
