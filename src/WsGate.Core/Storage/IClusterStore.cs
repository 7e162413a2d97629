namespace WsGate.Storage;

/// <summary>
/// What a store shared by several WsGate nodes (PostgreSQL) adds: membership rows with heartbeats and a change feed
/// that tells every node when something it caches was changed by another node. The embedded SQLite store has no
/// cluster: it does not implement this.
/// </summary>
public interface IClusterStore
{
    /// <summary>The channel whose messages carry a committed configuration revision.</summary>
    public const string ConfigChannel = "wsgate_config";

    /// <summary>The channel of node-to-node messages: channel publishes, sends to and closes of connections.</summary>
    public const string BusChannel = "wsgate_bus";

    /// <summary>Inserts or refreshes this node's row.</summary>
    Task HeartbeatAsync(StoredNode node, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredNode>> ListNodesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks every alive or draining node last seen before <paramref name="staleBefore"/> as gone and deletes its
    /// connections, forgets gone or left nodes last seen before <paramref name="forgetBefore"/> and deletes old stored bus
    /// messages; returns the ids newly marked gone.
    /// </summary>
    Task<IReadOnlyList<string>> SweepNodesAsync(DateTimeOffset staleBefore, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Listens on <paramref name="channels"/> on a connection of its own until <paramref name="cancellationToken"/> is
    /// cancelled. <paramref name="onListening"/> runs once the listen is in place, before any message (the point to
    /// resynchronise from the store: nothing committed after it is missed); <paramref name="onMessage"/> runs for each
    /// message in commit order. Throws <see cref="StoreUnavailableException"/> when the connection is lost; the caller
    /// listens again, which resynchronises.
    /// </summary>
    Task ListenAsync(
        IReadOnlyList<string> channels,
        Func<CancellationToken, Task> onListening,
        Func<string, string, CancellationToken, Task> onMessage,
        CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="payload"/> (at most 7,999 bytes) to every listener of <paramref name="channel"/>.</summary>
    Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="payloads"/> to every listener of <paramref name="channel"/> in one transaction, in order.
    /// A payload of any size is accepted: one too large for a notification is stored and fetched by the listeners
    /// (<see cref="ListenAsync"/> hands them the payload itself). Identical payloads in one call are delivered once.
    /// </summary>
    Task PublishAsync(string channel, IReadOnlyList<string> payloads, CancellationToken cancellationToken = default);

    /// <summary>Mirrors this node's live connections: adds and removes rows, or with <paramref name="replaceAll"/> replaces all of the node's rows.</summary>
    Task SyncConnectionsAsync(string nodeId, IReadOnlyList<StoredConnection> added, IReadOnlyList<string> removed, bool replaceAll, CancellationToken cancellationToken = default);

    /// <summary>The live connections of every node that is not gone or left, oldest first.</summary>
    Task<IReadOnlyList<StoredConnection>> ListConnectionsAsync(CancellationToken cancellationToken = default);

    Task<StoredConnection?> FindConnectionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces this node's rows in the usage table with <paramref name="usage"/> and returns the rows of every other node
    /// that is alive or draining (cluster-wide limits: docs/cluster.md). One transaction: a reader never sees half a report.
    /// </summary>
    Task<IReadOnlyList<StoredUsage>> ExchangeUsageAsync(string nodeId, IReadOnlyList<StoredUsage> usage, CancellationToken cancellationToken = default);

    /// <summary>A cheap round trip; throws <see cref="StoreUnavailableException"/> when the store cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
