namespace WsGate.Configuration.Apis;

/// <summary>Active health checks: WsGate opens a WebSocket to each endpoint on an interval and closes it.</summary>
public sealed record HealthCheckConfig
{
    public bool Enabled { get; init; }

    public int IntervalMs { get; init; } = 10_000;

    public int TimeoutMs { get; init; } = 3_000;

    /// <summary>Consecutive failures that mark an endpoint unhealthy; one success marks it healthy again.</summary>
    public int UnhealthyThreshold { get; init; } = 2;
}
