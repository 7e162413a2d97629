namespace WsGate.Throttling;

/// <summary>
/// What the other nodes of a cluster use of the limits <see cref="ThrottleService"/> enforces, so that connection caps
/// and rate limits hold for the cluster rather than per node (docs/cluster.md, "Cluster-wide limits"). On the embedded
/// store there are no other nodes: <see cref="SingleNodeQuota"/>.
/// </summary>
public interface IClusterQuota
{
    /// <summary>Connections the other live nodes hold under the connection cap named by <paramref name="capKey"/>, as they last reported.</summary>
    int OtherNodesConnections(string capKey);

    /// <summary>This node's share (0 to 1] of the rate limit named by <paramref name="rateKey"/>: 1 when no other node draws on it.</summary>
    double RateShare(string rateKey);
}
