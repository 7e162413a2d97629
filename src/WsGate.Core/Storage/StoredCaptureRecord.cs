namespace WsGate.Storage;

/// <summary>
/// One line of a capture: a connection's handshake (<see cref="Payload"/> holds its path and redacted headers as JSON) or
/// a message in a <see cref="Direction"/> (<c>in</c>: client to backend, <c>out</c>: backend to client) with its
/// <see cref="Opcode"/> and payload (text as is, binary as base64). A message not kept says why in <see cref="Withheld"/>.
/// </summary>
public sealed record StoredCaptureRecord(
    string CaptureId,
    long Sequence,
    DateTimeOffset At,
    string Kind,
    string? Direction,
    string? Opcode,
    string ConnectionId,
    string? Payload,
    long Size,
    string? Withheld)
{
    public const string Handshake = "handshake";

    public const string Message = "message";
}
