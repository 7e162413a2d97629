using System.Net.Sockets;

namespace WsGate.LoadGen.Protocol;

/// <summary>The client's side of the closing handshake (RFC 6455 section 7): send close 1000, wait for the server's close, drop the socket.</summary>
public static class ClosingHandshake
{
    public const ushort NormalClosure = 1000;

    /// <summary>One close frame for every connection of a run; sent as is, so it is never changed.</summary>
    public static readonly byte[] NormalCloseFrame = ClientFrames.Close(NormalClosure);

    /// <summary>Reads and discards messages until the server's close frame; returns its status code.</summary>
    public static async Task<int> ReadUntilCloseAsync(FrameReader reader)
    {
        while (true)
        {
            var message = await reader.ReadMessageAsync();
            if (message.Kind == MessageKind.Close)
            {
                return message.CloseCode;
            }
        }
    }

    /// <summary>
    /// Sends close 1000 and waits up to <paramref name="timeout"/> for <paramref name="serverClose"/> (a task that ends
    /// with the server's close code). Returns true when the server answered 1000. The socket is disposed either way.
    /// </summary>
    public static async Task<bool> CloseAsync(Socket socket, Task<int> serverClose, TimeSpan timeout)
    {
        try
        {
            var frame = NormalCloseFrame.AsMemory();
            while (!frame.IsEmpty)
            {
                var sent = await socket.SendAsync(frame, SocketFlags.None);
                frame = frame[sent..];
            }

            var finished = await Task.WhenAny(serverClose, Task.Delay(timeout));
            return finished == serverClose && serverClose.IsCompletedSuccessfully && serverClose.Result == NormalClosure;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            socket.Dispose();
            // The reader may still be waiting when the close timed out: disposing the socket ends it; observe its fault.
            _ = serverClose.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }
}
