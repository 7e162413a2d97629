using System.Net.Sockets;
using WsGate.LoadGen.Protocol;

namespace WsGate.LoadGen.Modes;

/// <summary>One closed-loop echo connection and what it measured.</summary>
public sealed class EchoConnection(Socket socket, FrameReader reader)
{
    public Socket Socket { get; } = socket;
    public FrameReader Reader { get; } = reader;
    public long Messages { get; set; }
    public long LastCompletedTicks { get; set; }
    public Exception? Error { get; set; }
}
