using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace WsGate.Connections;

/// <summary>
/// A handed-off client connection's transport as the <see cref="Stream"/> a WebSocket runs on. Reads copy out of the
/// transport's input pipe (a zero-byte read waits for data without consuming it); writes go into its output pipe and
/// flush, which with inline scheduling sends on the calling thread. Disposing cancels pending reads and flushes; the
/// pipes themselves are completed by <see cref="Listeners.TransportHandoffMiddleware"/> when the connection ends.
/// </summary>
public sealed class DuplexPipeStream(IDuplexPipe transport) : Stream
{
    private readonly PipeReader _input = transport.Input;
    private readonly PipeWriter _output = transport.Output;
    private volatile bool _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanWrite => !_disposed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pending = _input.ReadAsync(cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<int>(Consume(pending.Result, buffer)) : ReadAwaitedAsync(pending, buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var flushing = _output.WriteAsync(buffer, cancellationToken);
        if (flushing.IsCompletedSuccessfully)
        {
            ThrowIfCanceled(flushing.Result);
            return default;
        }

        return FlushAwaitedAsync(flushing);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var flushing = _output.FlushAsync(cancellationToken);
        if (flushing.IsCompletedSuccessfully)
        {
            ThrowIfCanceled(flushing.Result);
            return Task.CompletedTask;
        }

        return FlushAwaitedAsync(flushing).AsTask();
    }

    // A relay only does asynchronous I/O: a synchronous call would block the socket engine's thread (inline I/O).
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous reads are not supported; use ReadAsync");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous writes are not supported; use WriteAsync");

    public override void Flush()
    {
        // Every write flushes.
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _input.CancelPendingRead();
            _output.CancelPendingFlush();
        }

        base.Dispose(disposing);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadAwaitedAsync(ValueTask<ReadResult> pending, Memory<byte> buffer) => Consume(await pending, buffer);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask FlushAwaitedAsync(ValueTask<FlushResult> flushing) => ThrowIfCanceled(await flushing);

    private int Consume(ReadResult result, Memory<byte> destination)
    {
        var buffer = result.Buffer;
        if (result.IsCanceled)
        {
            _input.AdvanceTo(buffer.Start);
            throw new ObjectDisposedException(nameof(DuplexPipeStream), "the connection was aborted");
        }

        if (destination.IsEmpty || buffer.IsEmpty)
        {
            // A zero-byte read only waits for data; at the end of the input there is nothing left to wait for.
            _input.AdvanceTo(buffer.Start);
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, destination.Length);
        buffer.Slice(0, count).CopyTo(destination.Span);
        _input.AdvanceTo(buffer.GetPosition(count));
        return count;
    }

    private static void ThrowIfCanceled(FlushResult result)
    {
        // A completed reader (the peer is gone) drops the write, as Kestrel's own upgraded stream does; the next read ends.
        if (result.IsCanceled)
        {
            throw new ObjectDisposedException(nameof(DuplexPipeStream), "the connection was aborted");
        }
    }
}
