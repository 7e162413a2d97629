using System.Net.Sockets;

namespace WsGate.Connections;

/// <summary>A plain TCP connection: receives and sends go straight to the socket (no stream or pipe in between).</summary>
public sealed class SocketTransport(Socket socket, ReadOnlyMemory<byte> prefix = default, Task<int>? pendingWait = null) : Transport(prefix, pendingWait)
{
    public Socket Socket { get; } = socket;

    public override ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        // Socket.SendAsync on a stream socket completes once every byte was handed to the kernel: nearly always at once.
        var sending = Socket.SendAsync(data, SocketFlags.None);
        if (sending.IsCompletedSuccessfully)
        {
            _ = sending.Result;
            return ValueTask.CompletedTask;
        }

        return AwaitAsync(sending);

        static async ValueTask AwaitAsync(ValueTask<int> sending) => await sending;
    }

    public override ValueTask ShutdownSendAsync()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        return ValueTask.CompletedTask;
    }

    protected override ValueTask<int> ReceiveCoreAsync(Memory<byte> buffer) => Socket.ReceiveAsync(buffer, SocketFlags.None);

    protected override void AbortCore() => Socket.Dispose();

    protected override Stream CreateStream() => new NetworkStream(Socket, ownsSocket: true);
}
