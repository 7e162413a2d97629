using System.Net.WebSockets;

namespace WsGate.Throttling;

/// <summary>
/// A client exceeded a limit whose action is to close. Thrown from the receive path like a too-big message, so the
/// session runner closes with 1008 (RFC 6455 section 7.4.1) once the handler has let go of the send path.
/// </summary>
public sealed class ThrottleCloseException(string reason) : Exception(reason)
{
    public WebSocketCloseStatus Status => WebSocketCloseStatus.PolicyViolation;
}
