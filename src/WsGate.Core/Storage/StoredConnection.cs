namespace WsGate.Storage;

/// <summary>A live connection as a shared store's connection directory records it: where it is, not its counters.</summary>
public sealed record StoredConnection(
    string Id,
    string NodeId,
    string Listener,
    string Endpoint,
    string Kind,
    string? RemoteAddress,
    string? User,
    DateTimeOffset ConnectedAt);
