using System.Net;
using System.Net.Sockets;

namespace WsGate.LoadGen.Net;

/// <summary>Opens one raw TCP connection from a chosen source address and upgrades it to a WebSocket.</summary>
public static class Connector
{
    /// <summary>Returns the upgraded socket and a frame reader primed with whatever arrived right after the handshake.</summary>
    public static async Task<(Socket Socket, Protocol.FrameReader Reader)> ConnectAsync(
        TargetEndpoint target,
        IPAddress? source,
        int readBufferSize,
        CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(target.EndPoint, cancellationToken);
            var buffer = new byte[readBufferSize];
            var leftover = await Handshake.UpgradeAsync(socket, target, buffer, cancellationToken);
            return (socket, new Protocol.FrameReader(socket, buffer, leftover));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
