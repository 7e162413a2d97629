namespace WsGate.Configuration;

public enum EndpointKind
{
    /// <summary>Echoes every message back, text and binary preserved.</summary>
    Echo,

    /// <summary>Publish/subscribe over named channels with a small JSON protocol (docs/channels.md).</summary>
    Channel,
}
