using System.Text;
using WsGate.Connections;

namespace WsGate.UnitTests.Connections;

public sealed class DuplexPipeStreamTests
{
    [Fact]
    public async Task ReadAsync_ZeroByteBuffer_WaitsForDataWithoutConsumingIt()
    {
        var pipe = new TestDuplexPipe();
        await using var stream = new DuplexPipeStream(pipe);

        var waiting = stream.ReadAsync(Memory<byte>.Empty);
        Assert.False(waiting.IsCompleted);
        await pipe.Peer.WriteAsync("abc"u8.ToArray());

        Assert.Equal(0, await waiting);
        var buffer = new byte[16];
        Assert.Equal(3, await stream.ReadAsync(buffer));
        Assert.Equal("abc", Encoding.ASCII.GetString(buffer, 0, 3));
    }

    [Fact]
    public async Task ReadAsync_SmallerBuffer_LeavesTheRestForTheNextRead()
    {
        var pipe = new TestDuplexPipe();
        await using var stream = new DuplexPipeStream(pipe);
        await pipe.Peer.WriteAsync("abcdef"u8.ToArray());
        var buffer = new byte[4];

        var first = await stream.ReadAsync(buffer);
        var firstText = Encoding.ASCII.GetString(buffer, 0, first);
        var second = await stream.ReadAsync(buffer);

        Assert.Equal("abcd", firstText);
        Assert.Equal("ef", Encoding.ASCII.GetString(buffer, 0, second));
    }

    [Fact]
    public async Task ReadAsync_PeerCompleted_ReturnsZero()
    {
        var pipe = new TestDuplexPipe();
        await using var stream = new DuplexPipeStream(pipe);
        await pipe.Peer.CompleteAsync();

        Assert.Equal(0, await stream.ReadAsync(new byte[8]));
    }

    [Fact]
    public async Task Dispose_PendingRead_FailsTheRead()
    {
        var pipe = new TestDuplexPipe();
        var stream = new DuplexPipeStream(pipe);
        var pending = stream.ReadAsync(new byte[8]).AsTask();

        await stream.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.ReadAsync(new byte[8]).AsTask());
    }

    [Fact]
    public async Task WriteAsync_Bytes_AreFlushedToTheTransport()
    {
        var pipe = new TestDuplexPipe();
        await using var stream = new DuplexPipeStream(pipe);

        await stream.WriteAsync("hello"u8.ToArray());

        var sent = await pipe.Sent.ReadAsync();
        Assert.Equal("hello", Encoding.ASCII.GetString(sent.Buffer));
    }

    [Fact]
    public async Task WriteAsync_PeerStoppedReading_DropsTheWrite()
    {
        var pipe = new TestDuplexPipe();
        await using var stream = new DuplexPipeStream(pipe);
        await pipe.Sent.CompleteAsync();

        // As Kestrel's own upgraded stream does: the write goes nowhere and the next read tells the caller the peer is gone.
        await stream.WriteAsync("late"u8.ToArray());
    }

    [Fact]
    public void Read_Synchronous_IsRefused()
    {
        using var stream = new DuplexPipeStream(new TestDuplexPipe());

        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
    }
}
