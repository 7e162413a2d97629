using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Cluster messages (shared store, membership, change feed); event IDs 1900-1999 are stable.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(1900, LogLevel.Information, "Cluster node {NodeId} started; heartbeat every {Seconds} s")]
    public static partial void NodeStarted(ILogger logger, string nodeId, double seconds);

    [LoggerMessage(1901, LogLevel.Warning, "Node {NodeId} missed its heartbeats for {Seconds} s and is marked gone")]
    public static partial void NodeGone(ILogger logger, string nodeId, double seconds);

    [LoggerMessage(1902, LogLevel.Error, "The shared store is unreachable; serving current connections with the last good configuration: {Problem}")]
    public static partial void StoreUnreachable(ILogger logger, string problem);

    [LoggerMessage(1903, LogLevel.Information, "The shared store is reachable again ({Source})")]
    public static partial void StoreReachable(ILogger logger, string source);

    [LoggerMessage(1904, LogLevel.Warning, "The {Feed} was lost ({Problem}); listening again in {DelayMs} ms")]
    public static partial void FeedLost(ILogger logger, string feed, string problem, double delayMs);

    [LoggerMessage(1905, LogLevel.Information, "Listening for configuration changes at revision {Revision} (resynchronised from {Before})")]
    public static partial void FeedListening(ILogger logger, long revision, long before);

    [LoggerMessage(1906, LogLevel.Information, "Configuration revision {Revision} from another node applied (was {Before})")]
    public static partial void ConfigReloaded(ILogger logger, long before, long revision);

    [LoggerMessage(1908, LogLevel.Warning, "{Count} cluster bus messages were not sent: {Problem}")]
    public static partial void BusDropped(ILogger logger, int count, string problem);

    [LoggerMessage(1909, LogLevel.Warning, "A cluster bus message could not be read and was ignored: {Problem}")]
    public static partial void BusMessageUnreadable(ILogger logger, string problem);

    [LoggerMessage(1910, LogLevel.Warning, "Node {NodeId} draining: {Count} connections closed with 1012 in {Batches} batches over {Seconds} s")]
    public static partial void DrainStarted(ILogger logger, string nodeId, int count, int batches, double seconds);

    [LoggerMessage(1911, LogLevel.Information, "Node {NodeId} drained: {Count} connections told to reconnect")]
    public static partial void DrainFinished(ILogger logger, string nodeId, int count);

    [LoggerMessage(1907, LogLevel.Information, "The configuration changed on another node meanwhile; retrying this change on revision {Revision}")]
    public static partial void ChangeRetried(ILogger logger, long revision);

    [LoggerMessage(1950, LogLevel.Warning, "No usage exchanged with the other nodes for over {Seconds} s ({Problem}); enforcing connection caps and rate limits for this node alone until the store answers")]
    public static partial void ClusterLimitsAlone(ILogger logger, double seconds, string problem);

    [LoggerMessage(1951, LogLevel.Information, "Usage exchanged with the other nodes again; connection caps and rate limits hold cluster-wide")]
    public static partial void ClusterLimitsRestored(ILogger logger);

    [LoggerMessage(1952, LogLevel.Warning, "Exchanging usage of the cluster-wide limits failed; keeping the last view of the other nodes: {Problem}")]
    public static partial void ClusterLimitsExchangeFailed(ILogger logger, string problem);
}
