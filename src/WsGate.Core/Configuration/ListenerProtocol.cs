namespace WsGate.Configuration;

public enum ListenerProtocol
{
    /// <summary>Plain WebSocket over TCP.</summary>
    Ws,

    /// <summary>WebSocket over TLS; the listener must name a certificate.</summary>
    Wss,
}
