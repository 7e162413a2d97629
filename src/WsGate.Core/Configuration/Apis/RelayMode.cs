namespace WsGate.Configuration.Apis;

public enum RelayMode
{
    /// <summary>Every message passes through WsGate's WebSocket on each leg: visible to policies and counted.</summary>
    Frames,

    /// <summary>After the handshake, raw bytes are copied between the legs: lowest cost, connection-level policies only.</summary>
    Stream,
}
