namespace WsGate.Configuration.Apis;

/// <summary>Per-API limits; 0 means the listener's value (for size and idle) or no limit.</summary>
public sealed record ApiLimitsConfig
{
    /// <summary>Largest client message in bytes; larger closes with 1009. 0 uses the listener's.</summary>
    public long MaxMessageSize { get; init; }

    /// <summary>Close a connection that has received nothing from the client for this long. 0 uses the listener's.</summary>
    public int IdleTimeoutMs { get; init; }

    /// <summary>
    /// Close a connection whose backend has sent no message for this long (DataPower's backend-side idle timeout, apart
    /// from the front side's). 0 is no limit. Control frames do not count: WsGate's own keepalive pings draw pongs.
    /// </summary>
    public int BackendIdleTimeoutMs { get; init; }

    /// <summary>Close a connection this long after it opened, with 1001. 0 is unlimited.</summary>
    public long MaxConnectionDurationMs { get; init; }

    /// <summary>Concurrent connections to this API across its listeners; excess handshakes get 503. 0 is unlimited.</summary>
    public int MaxConnections { get; init; }
}
