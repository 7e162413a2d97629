namespace WsGate.ConformanceTests;

/// <summary>The gateway relay a conformance case runs through, to WsGate's own echo endpoint as the backend.</summary>
public enum GatewayTarget
{
    /// <summary>An API in <c>frames</c> mode: WsGate terminates the client's WebSocket and relays frame by frame.</summary>
    Frames,

    /// <summary>An API in <c>stream</c> mode: the handshake is forwarded and bytes are copied both ways.</summary>
    Stream,
}
