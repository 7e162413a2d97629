namespace WsGate.Configuration.Throttling;

/// <summary>Which messages a rate limit counts: those from the client, those to the client, or both.</summary>
public enum ThrottleDirection
{
    Inbound,
    Outbound,
    Both,
}
