using System.Net.WebSockets;
using System.Text;

namespace WsGate.Testing;

/// <summary>One whole message (or the close frame) a test client received.</summary>
public sealed record ReceivedMessage(WebSocketMessageType Type, byte[] Data, WebSocketCloseStatus? CloseStatus, string? CloseDescription)
{
    public string Text => Encoding.UTF8.GetString(Data);
}
