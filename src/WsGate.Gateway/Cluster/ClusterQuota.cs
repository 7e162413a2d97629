using System.Collections.Frozen;
using WsGate.Storage;
using WsGate.Throttling;

namespace WsGate.Cluster;

/// <summary>
/// The other nodes' use of the limits as they last reported it (<see cref="ClusterQuotaSync"/> refreshes it about once a
/// second). A connection cap admits against <c>cap - (connections on the other nodes)</c>; a rate limit is split evenly
/// between the nodes that drew on it lately, this node included, so the shares add up to the limit.
/// </summary>
public sealed class ClusterQuota : IClusterQuota
{
    private volatile View _view = View.Empty;

    public int OtherNodesConnections(string capKey) => _view.Connections.GetValueOrDefault(capKey);

    public double RateShare(string rateKey) => 1.0 / (1 + _view.RateUsers.GetValueOrDefault(rateKey));

    /// <summary>Replaces the view with the other nodes' latest rows (an empty list: this node is on its own).</summary>
    public void Update(IReadOnlyList<StoredUsage> others)
    {
        var connections = new Dictionary<string, int>(StringComparer.Ordinal);
        var rateUsers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in others)
        {
            if (row.Kind == StoredUsage.ConnectionsKind)
            {
                connections[row.Key] = connections.GetValueOrDefault(row.Key) + (int)Math.Clamp(row.Value, 0, int.MaxValue);
            }
            else if (row.Kind == StoredUsage.RateKind)
            {
                // One row per node and key: each row is one more node drawing on the limit.
                rateUsers[row.Key] = rateUsers.GetValueOrDefault(row.Key) + 1;
            }
        }

        _view = new View(connections.ToFrozenDictionary(StringComparer.Ordinal), rateUsers.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private sealed record View(FrozenDictionary<string, int> Connections, FrozenDictionary<string, int> RateUsers)
    {
        public static View Empty { get; } = new(FrozenDictionary<string, int>.Empty, FrozenDictionary<string, int>.Empty);
    }
}
