namespace WsGate.Connections;

/// <summary>
/// One side of a WebSocket connection after its handshake: the bytes to and from a client or a backend, with any bytes
/// that arrived with the handshake handed out first. Relays read and write it directly, one receive and one send per
/// burst; a terminated WebSocket (echo, channel) runs over <see cref="AsStream"/>. Nothing here takes a cancellation
/// token on the hot path: a connection is stopped by <see cref="Abort"/>, which fails whatever is pending.
/// </summary>
public abstract class Transport : IAsyncDisposable
{
    private ReadOnlyMemory<byte> _prefix;
    private Task<int>? _pendingWait;
    private int _aborted;

    /// <param name="prefix">Bytes that arrived with the handshake, handed out before anything is read.</param>
    /// <param name="pendingWait">
    /// A zero-byte receive already waiting on the connection (the listener's, at the hand-off): the first receive waits on
    /// it rather than starting another, so the hand-off never cancels an operation on the socket.
    /// </param>
    protected Transport(ReadOnlyMemory<byte> prefix, Task<int>? pendingWait = null)
    {
        _prefix = prefix;
        _pendingWait = pendingWait;
    }

    /// <summary>The HTTP version the WebSocket's handshake came over: <c>1.1</c>, or <c>2</c> for RFC 8441.</summary>
    public virtual string HttpVersion => "1.1";

    /// <summary>True once <see cref="Abort"/> or <see cref="DisposeAsync"/> ran.</summary>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>
    /// Receives into <paramref name="buffer"/>: 0 at the end of the stream. A zero-length buffer waits until data can be
    /// read without consuming any, so a connection waits for its next frame without holding a buffer.
    /// </summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        if (!_prefix.IsEmpty)
        {
            var count = Math.Min(buffer.Length, _prefix.Length);
            _prefix[..count].CopyTo(buffer);
            _prefix = _prefix[count..];
            return ValueTask.FromResult(count);
        }

        if (_pendingWait is { } wait)
        {
            // One receive at a time (a TLS stream allows no other): the waiting one finishes first.
            _pendingWait = null;
            return buffer.IsEmpty ? new ValueTask<int>(wait) : ReceiveAfterAsync(wait, buffer);
        }

        return ReceiveCoreAsync(buffer);
    }

    private async ValueTask<int> ReceiveAfterAsync(Task<int> wait, Memory<byte> buffer)
    {
        await wait;
        return await ReceiveCoreAsync(buffer);
    }

    /// <summary>Sends all of <paramref name="data"/>.</summary>
    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> data);

    /// <summary>Ends the sending direction (TCP FIN, after TLS close_notify) once the last frame is written; receiving goes on.</summary>
    public abstract ValueTask ShutdownSendAsync();

    /// <summary>Closes the connection now; whatever is pending on it fails.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            AbortCore();
        }
    }

    /// <summary>
    /// Ends a connection WsGate failed: sends the end of the stream, then reads and drops what the peer still sends until
    /// it hangs up or <paramref name="timeout"/> passes, so the close frame already written is not lost to a reset (closing
    /// a socket with unread data sends RST). A strict peer waits for the server to end TCP (RFC 6455 section 7.1.1).
    /// </summary>
    public async Task LingerCloseAsync(TimeSpan timeout, TimeProvider time)
    {
        await ShutdownSendAsync();
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            using var deadline = new CancellationTokenSource(timeout, time);
            using var cut = deadline.Token.UnsafeRegister(static transport => ((Transport)transport!).Abort(), this);
            while (await ReceiveAsync(scratch) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
            Abort();
        }
    }

    /// <summary>The whole connection as a stream, starting with the bytes that arrived with the handshake.</summary>
    public Stream AsStream()
    {
        var stream = CreateStream();
        var (prefix, wait) = (_prefix, _pendingWait);
        (_prefix, _pendingWait) = (ReadOnlyMemory<byte>.Empty, null);
        return prefix.IsEmpty && wait is null ? stream : new PrefixedStream(prefix, wait, stream);
    }

    public ValueTask DisposeAsync()
    {
        Abort();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract ValueTask<int> ReceiveCoreAsync(Memory<byte> buffer);

    protected abstract void AbortCore();

    protected abstract Stream CreateStream();
}
