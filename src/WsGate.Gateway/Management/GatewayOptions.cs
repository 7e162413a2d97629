namespace WsGate.Management;

/// <summary>Engine settings that belong to the process, not to the stored configuration.</summary>
public sealed record GatewayOptions
{
    /// <summary>How long a shutdown waits for WebSockets to finish their close handshake after 1001 is sent.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
