using System.Net.Sockets;

namespace WsGate.Connections;

/// <summary>
/// Sends that try the kernel first. A socket keeps the state of its first asynchronous send (a few hundred bytes) for
/// the rest of its life; a handshake's few bytes (a 101, a backend request) nearly always fit the send buffer at once,
/// so sending them without waiting leaves an idle connection without that state. What does not fit goes asynchronously.
/// </summary>
public static class SocketWrites
{
    public static ValueTask SendAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        var sent = SendNow(socket, data.Span);
        return sent == data.Length ? ValueTask.CompletedTask : SendRestAsync(socket, data[sent..]);
    }

    private static async ValueTask SendRestAsync(Socket socket, ReadOnlyMemory<byte> rest) => await socket.SendAsync(rest, SocketFlags.None);

    /// <summary>Hands the kernel what it takes now; returns how many bytes that was (0 when it would have to wait).</summary>
    public static int SendNow(Socket socket, ReadOnlySpan<byte> data)
    {
        var blocking = socket.Blocking;
        socket.Blocking = false;
        try
        {
            var total = 0;
            while (total < data.Length)
            {
                var sent = socket.Send(data[total..], SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    break;
                }

                if (error != SocketError.Success)
                {
                    throw new SocketException((int)error);
                }

                total += sent;
            }

            return total;
        }
        finally
        {
            socket.Blocking = blocking;
        }
    }
}
