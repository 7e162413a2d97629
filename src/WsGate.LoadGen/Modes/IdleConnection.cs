using System.Net.Sockets;
using WsGate.LoadGen.Protocol;

namespace WsGate.LoadGen.Modes;

/// <summary>A held connection: its socket, and the reader task that answers pings until the server's close frame arrives.</summary>
public sealed record IdleConnection(Socket Socket, FrameReader Reader, Task<int> ServerClose);
