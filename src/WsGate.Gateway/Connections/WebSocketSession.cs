using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using WsGate.Listeners;

namespace WsGate.Connections;

/// <summary>
/// One accepted WebSocket: identity, counters and the single send path. All sends (handler replies, server push,
/// broadcasts) go through <see cref="_sendLock"/> so that a message is never interleaved with another one's frames
/// (RFC 6455 section 5.4: fragments of one message must not be interleaved with other data frames).
/// </summary>
public sealed class WebSocketSession : IAsyncDisposable
{
    private const int OutboundCapacity = 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<OutboundMessage> _outbound;
    private readonly CancellationTokenSource _aborted = new();
    private readonly TimeProvider _time;
    private Task? _writer;
    private long _messagesIn;
    private long _bytesIn;
    private long _messagesOut;
    private long _bytesOut;
    private long _dropped;
    private long _lastReceived;
    private long _currentMessageSize;
    private int _closing;

    public WebSocketSession(
        string id,
        WebSocket socket,
        ListenerRuntime listener,
        string path,
        string endpointKind,
        IPEndPoint? remote,
        string? user,
        TimeProvider time)
    {
        Id = id;
        Socket = socket;
        Listener = listener;
        Path = path;
        EndpointKind = endpointKind;
        Remote = remote;
        User = user;
        _time = time;
        ConnectedAt = time.GetUtcNow();
        _lastReceived = time.GetTimestamp();
        _outbound = Channel.CreateBounded<OutboundMessage>(
            new BoundedChannelOptions(OutboundCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => Interlocked.Increment(ref _dropped));
    }

    public string Id { get; }

    public WebSocket Socket { get; }

    public ListenerRuntime Listener { get; }

    public string Path { get; }

    public string EndpointKind { get; }

    public IPEndPoint? Remote { get; }

    public string? User { get; }

    public DateTimeOffset ConnectedAt { get; }

    public long MessagesIn => Interlocked.Read(ref _messagesIn);

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public long MessagesOut => Interlocked.Read(ref _messagesOut);

    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Queued messages dropped because this connection could not keep up.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Cancelled when the connection is aborted or closing is complete; handlers stop reading.</summary>
    public CancellationToken Aborted => _aborted.Token;

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    public TimeSpan IdleFor => _time.GetElapsedTime(Interlocked.Read(ref _lastReceived));

    /// <summary>
    /// Receives the next frame into <paramref name="buffer"/>, counting it and enforcing the listener's max message size
    /// across the fragments of a message (RFC 6455 section 5.4). Throws <see cref="MessageTooBigException"/>; the pipeline then closes with 1009.
    /// </summary>
    public async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await Socket.ReceiveAsync(buffer, cancellationToken);
        Interlocked.Exchange(ref _lastReceived, _time.GetTimestamp());
        if (result.MessageType == WebSocketMessageType.Close)
        {
            return result;
        }

        Interlocked.Add(ref _bytesIn, result.Count);
        _currentMessageSize += result.Count;
        var limit = Listener.Config.MaxMessageSize;
        if (_currentMessageSize > limit)
        {
            // Not closed here: a handler echoing a fragmented message holds the send lock until its last fragment, and
            // CloseAsync needs that lock. The pipeline closes with 1009 once the handler has unwound and released it.
            _currentMessageSize = 0;
            throw new MessageTooBigException(limit);
        }

        if (result.EndOfMessage)
        {
            _currentMessageSize = 0;
            Interlocked.Increment(ref _messagesIn);
        }

        return result;
    }

    /// <summary>Sends a whole message now, waiting for any message in progress to finish.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await SendLockedAsync(payload, type, true, cancellationToken);
            Interlocked.Increment(ref _messagesOut);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Holds the send path for a message sent in several frames (an echo streaming what it receives).</summary>
    public async ValueTask<IAsyncDisposable> BeginMessageAsync(CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        return new MessageScope(this);
    }

    /// <summary>Sends one frame of a message; the caller holds the scope from <see cref="BeginMessageAsync"/>.</summary>
    public ValueTask SendFrameLockedAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (endOfMessage)
        {
            Interlocked.Increment(ref _messagesOut);
        }

        return SendLockedAsync(payload, type, endOfMessage, cancellationToken);
    }

    /// <summary>
    /// Queues a message for this connection without waiting for it to be written: a broadcast never waits on its slowest
    /// subscriber. When the queue is full the oldest queued message is dropped and counted.
    /// </summary>
    public bool Enqueue(OutboundMessage message)
    {
        if (IsClosing)
        {
            return false;
        }

        EnsureWriter();
        return _outbound.Writer.TryWrite(message);
    }

    /// <summary>
    /// Starts the closing handshake (RFC 6455 section 7.1.2) with <paramref name="status"/>. The handler's receive loop then
    /// sees the peer's close frame and ends; <see cref="ConnectionPipeline"/> aborts the socket if the peer never answers.
    /// </summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string? reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(status, Truncate(reason), timeout.Token);
                }

                // A peer that never answers the close frame is cut off (RFC 6455 section 7.1.1 lets the server close TCP).
                if (Socket.State == WebSocketState.CloseSent)
                {
                    _aborted.CancelAfter(CloseTimeout);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Abort();
        }
    }

    public void Abort()
    {
        Interlocked.Exchange(ref _closing, 1);
        _outbound.Writer.TryComplete();
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

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

        _aborted.Dispose();
        Socket.Dispose();
    }

    private async ValueTask SendLockedAsync(ReadOnlyMemory<byte> payload, WebSocketMessageType type, bool endOfMessage, CancellationToken cancellationToken)
    {
        await Socket.SendAsync(payload, type, endOfMessage, cancellationToken);
        Interlocked.Add(ref _bytesOut, payload.Length);
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
            while (await reader.WaitToReadAsync(_aborted.Token))
            {
                while (reader.TryRead(out var message))
                {
                    await SendAsync(message.Payload, message.Type, _aborted.Token);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The connection is going away; what is still queued is dropped with it.
        }
    }

    // RFC 6455 section 5.5: a control frame payload is at most 125 bytes, two of which carry the close code.
    private static string? Truncate(string? reason)
    {
        if (reason is null || System.Text.Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }

        var length = reason.Length;
        while (System.Text.Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > 123)
        {
            length--;
        }

        return reason[..length];
    }

    private sealed class MessageScope(WebSocketSession session) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                session._sendLock.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
