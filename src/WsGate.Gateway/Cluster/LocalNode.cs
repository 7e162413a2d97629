using WsGate.Connections;
using WsGate.Storage;

namespace WsGate.Cluster;

/// <summary>This process as a cluster node: its id, when it started, where its admin API is and what it is doing now.</summary>
public sealed class LocalNode(ClusterOptions options, ConnectionRegistry registry, TimeProvider time)
{
    public string Id { get; } = options.NodeId;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>Set by the host once the admin API listens (the port is known only then).</summary>
    public string? AdminAddress { get; set; }

    public static string Version { get; } =
        typeof(LocalNode).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public string State => registry.IsDraining ? NodeStates.Draining : NodeStates.Alive;

    public StoredNode Snapshot(string? state = null) => new()
    {
        Id = Id,
        AdminAddress = AdminAddress,
        Version = Version,
        State = state ?? State,
        Connections = registry.Count,
        StartedAt = StartedAt,
        LastSeenAt = time.GetUtcNow(),
    };
}
