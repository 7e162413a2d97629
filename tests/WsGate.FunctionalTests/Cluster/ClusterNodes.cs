using WsGate.Cluster;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>Two or more in-process WsGate nodes sharing one PostgreSQL database, with heartbeats fast enough for tests.</summary>
internal static class ClusterNodes
{
    public static ClusterOptions Options(string nodeId) => new()
    {
        NodeId = nodeId,
        HeartbeatInterval = TimeSpan.FromMilliseconds(300),
        NodeTimeout = TimeSpan.FromSeconds(3),
        RetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>Starts the nodes one after the other (the first seeds the store) on <paramref name="url"/>.</summary>
    public static async Task<TestServer[]> StartAsync(string url, params string[] nodeIds)
    {
        var nodes = new List<TestServer>();
        try
        {
            foreach (var id in nodeIds)
            {
                nodes.Add(await TestServer.StartAsync(store: url, cluster: Options(id)));
            }

            return [.. nodes];
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }
}
