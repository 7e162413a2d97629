using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using WsGate.Listeners;

namespace WsGate.Connections;

/// <summary>
/// A connection whose WebSocket WsGate terminates: every message passes through <see cref="ReceiveAsync"/> and one send
/// path. All sends (handler replies, relayed frames, server push, broadcasts) hold <see cref="_sendLock"/> for a whole
/// message, so a message is never interleaved with another one's frames (RFC 6455 section 5.4).
/// </summary>
public sealed class WebSocketSession : LiveConnection, IAsyncDisposable
{
    private const int OutboundCapacity = 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<OutboundMessage> _outbound;
    private Task? _writer;
    private long _dropped;
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
        ApiBinding? api = null)
        : base(id, listener, path, kind, remote, user, api, time)
    {
        Socket = socket;
        _outbound = Channel.CreateBounded<OutboundMessage>(
            new BoundedChannelOptions(OutboundCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => Interlocked.Increment(ref _dropped));
    }

    public WebSocket Socket { get; }

    public override int? CloseCode => Socket.CloseStatus is { } status ? (int)status : null;

    /// <summary>Queued messages dropped because this connection could not keep up.</summary>
    public override long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Receives the next frame into <paramref name="buffer"/>, counting it and enforcing the max message size across the
    /// fragments of a message (RFC 6455 section 5.4). Throws <see cref="MessageTooBigException"/>; the session runner closes
    /// with 1009 once the handler has let go of the send path (an echo holds it for the whole message, so closing from
    /// here would wait on itself).
    /// </summary>
    public async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await Socket.ReceiveAsync(buffer, cancellationToken);
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

    /// <summary>Sends a whole message now, waiting for any message in progress to finish.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await SendFrameLockedAsync(payload, type, true, cancellationToken);
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
        await Socket.SendAsync(payload, type, endOfMessage, cancellationToken);
        CountOut(payload.Length, endOfMessage);
    }

    /// <summary>
    /// Queues a message without waiting for it to be written: a broadcast never waits on its slowest subscriber. When the
    /// queue is full the oldest queued message is dropped and counted.
    /// </summary>
    public override bool Enqueue(OutboundMessage message)
    {
        if (IsClosing)
        {
            return false;
        }

        EnsureWriter();
        return _outbound.Writer.TryWrite(message);
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

        _outbound.Writer.TryComplete();
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(status, status == WebSocketCloseStatus.Empty ? null : CloseReason.Truncate(reason), timeout.Token);
                }
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
        _outbound.Writer.TryComplete();
        Socket.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        _outbound.Writer.TryComplete();
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
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(Aborted))
            {
                while (reader.TryRead(out var message))
                {
                    await SendAsync(message.Payload, message.Type, Aborted);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The connection is going away; what is still queued is dropped with it.
        }
    }
}
