namespace WsGate.Configuration.Throttling;

/// <summary>Traffic limits of an API or a listener, on top of the tiers of the subscriptions that use it.</summary>
public sealed record ThrottlingConfig
{
    /// <summary>One allowance for all connections together (every consumer of the API, every client of the listener).</summary>
    public RateLimitConfig? Rate { get; init; }

    /// <summary>An allowance for each client IP address.</summary>
    public RateLimitConfig? PerClientIp { get; init; }

    /// <summary>Concurrent connections from one client IP address; excess handshakes get 429. 0 is unlimited.</summary>
    public int MaxConnectionsPerClientIp { get; init; }

    /// <summary>The bound of each connection's outbound queue (server push, broadcasts); null uses the default.</summary>
    public OutboundQueueConfig? OutboundQueue { get; init; }
}
