namespace WsGate.Storage;

/// <summary>One WsGate node of a cluster as its heartbeat row records it.</summary>
public sealed record StoredNode
{
    public required string Id { get; init; }

    /// <summary>Where the node's admin API listens, so an operator can reach it directly.</summary>
    public string? AdminAddress { get; init; }

    public required string Version { get; init; }

    /// <summary><see cref="NodeStates"/>: alive, draining, left (stopped cleanly) or gone (heartbeat stopped).</summary>
    public required string State { get; init; }

    /// <summary>Live WebSocket connections at the last heartbeat.</summary>
    public int Connections { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset LastSeenAt { get; init; }
}
