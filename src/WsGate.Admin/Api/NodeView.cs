namespace WsGate.Admin.Api;

/// <summary>A cluster node as the admin API shows it.</summary>
/// <param name="State">alive, draining, left or gone; a node whose heartbeat is older than the node timeout is gone even before a sweep marks it.</param>
/// <param name="Self">True for the node that answered.</param>
public sealed record NodeView(
    string Id,
    string State,
    bool Self,
    string? AdminAddress,
    string Version,
    int Connections,
    DateTimeOffset StartedAt,
    DateTimeOffset LastSeenAt);
