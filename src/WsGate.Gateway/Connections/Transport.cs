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
    private int _aborted;

    protected Transport(ReadOnlyMemory<byte> prefix)
    {
        _prefix = prefix;
    }

    /// <summary>True once <see cref="Abort"/> or <see cref="DisposeAsync"/> ran.</summary>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>
    /// Receives into <paramref name="buffer"/>: 0 at the end of the stream. A zero-length buffer waits until data can be
    /// read without consuming any, so a connection waits for its next frame without holding a buffer.
    /// </summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        if (_prefix.IsEmpty)
        {
            return ReceiveCoreAsync(buffer);
        }

        var count = Math.Min(buffer.Length, _prefix.Length);
        _prefix[..count].CopyTo(buffer);
        _prefix = _prefix[count..];
        return ValueTask.FromResult(count);
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
        var prefix = _prefix;
        _prefix = ReadOnlyMemory<byte>.Empty;
        return prefix.IsEmpty ? stream : new PrefixedStream(prefix, stream);
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
