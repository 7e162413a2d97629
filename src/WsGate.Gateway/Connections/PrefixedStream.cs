namespace WsGate.Connections;

/// <summary>
/// A handed-off connection as a stream: first the bytes already read past the end of the HTTP head (frames sent right
/// behind a handshake), then, once a receive that was already waiting on the connection has finished, the connection
/// itself (a TLS stream allows one read at a time).
/// </summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Task<int>? pendingWait, Stream inner) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private Task<int>? _pendingWait = pendingWait;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
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
            _pendingWait = null;
            return ReadAfterAsync(wait, buffer, cancellationToken);
        }

        return inner.ReadAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadAfterAsync(Task<int> wait, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await wait.WaitAsync(cancellationToken);
        return await inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
