using System.Net.WebSockets;

namespace WsGate.Connections;

/// <summary>A message queued for a connection. The payload may be shared by many connections (a broadcast is serialised once).</summary>
public readonly record struct OutboundMessage(ReadOnlyMemory<byte> Payload, WebSocketMessageType Type);
