using System.Net.Security;
using System.Net.Sockets;

namespace WsGate.Connections;

/// <summary>A TLS connection: receives and sends go through its <see cref="SslStream"/>, which owns the socket.</summary>
public sealed class TlsTransport(SslStream stream, Socket socket, ReadOnlyMemory<byte> prefix = default, Task<int>? pendingWait = null) : Transport(prefix, pendingWait)
{
    public SslStream Stream { get; } = stream;

    public override ValueTask SendAsync(ReadOnlyMemory<byte> data) => Stream.WriteAsync(data);

    public override async ValueTask ShutdownSendAsync()
    {
        try
        {
            await Stream.ShutdownAsync();
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    protected override ValueTask<int> ReceiveCoreAsync(Memory<byte> buffer) => Stream.ReadAsync(buffer);

    protected override void AbortCore()
    {
        // Disposing the SslStream disposes the NetworkStream under it, which owns the socket.
        Stream.Dispose();
        socket.Dispose();
    }

    protected override Stream CreateStream() => Stream;
}
