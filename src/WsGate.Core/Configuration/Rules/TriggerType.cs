namespace WsGate.Configuration.Rules;

public enum TriggerType
{
    /// <summary>A message arrived on an outbound client, a gateway API (from its client), an endpoint or a channel.</summary>
    Message,

    /// <summary>A connection opened: an outbound client connected, or a client connected to an API or endpoint.</summary>
    Opened,

    /// <summary>A connection closed.</summary>
    Closed,

    /// <summary>A plain HTTP request arrived on a listener path (RoboTask's "WebSocket Server On HTTP Request").</summary>
    HttpRequest,
}
