namespace WsGate.Server.Cli;

/// <summary>One message line of a capture file: when, which way, text or binary, and its payload (null when withheld).</summary>
internal sealed record CapturedMessage(DateTimeOffset At, bool Inbound, bool IsText, byte[]? Payload, string ConnectionId);
