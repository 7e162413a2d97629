namespace WsGate.Outbound;

public enum OutboundClientState
{
    /// <summary>Not running: inactive, disconnected by an operator, or given up without auto reconnect.</summary>
    Stopped,

    Connecting,

    Open,

    /// <summary>Waiting to reconnect after a failure or a lost connection.</summary>
    BackingOff,
}
