using System.Net.WebSockets;

namespace WsGate.Protocol;

/// <summary>
/// One step of <see cref="FrameReader"/>: what it found, how many bytes it consumed, and where the frame and message
/// stand after them. For a <see cref="FrameItemKind.Control"/> item the payload is the consumed bytes after the header.
/// </summary>
public readonly record struct FrameItem(
    FrameItemKind Kind,
    int Consumed,
    FrameHeader Header,
    bool StartsMessage = false,
    bool EndsFrame = false,
    bool EndsMessage = false,
    WebSocketCloseStatus Violation = 0,
    string? Reason = null,
    int CloseCode = 0)
{
    public static FrameItem NeedMore => default;

    public static FrameItem Fail(WebSocketCloseStatus status, string reason) => new(FrameItemKind.Violation, 0, default, Violation: status, Reason: reason);
}
