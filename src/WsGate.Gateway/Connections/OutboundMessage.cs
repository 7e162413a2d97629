using System.Net.WebSockets;

namespace WsGate.Connections;

/// <summary>
/// A message queued for a connection. The payload may be shared by many connections (a broadcast is serialised once).
/// <paramref name="Exempt"/> messages (WsGate's own error frames) are not charged to the connection's rate limits.
/// </summary>
public readonly record struct OutboundMessage(ReadOnlyMemory<byte> Payload, WebSocketMessageType Type, bool Exempt = false);
