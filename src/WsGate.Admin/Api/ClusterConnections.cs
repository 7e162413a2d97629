using Microsoft.Extensions.DependencyInjection;
using WsGate.Cluster;
using WsGate.Connections;
using WsGate.Storage;

namespace WsGate.Admin.Api;

/// <summary>
/// The connections API on a cluster node: connections other nodes hold are found in the shared store's connection
/// directory, listed with their node (their counters live on that node), and sends and closes are routed to it over
/// the cluster bus. On the embedded store there are no other nodes and every call answers "none".
/// </summary>
internal static class ClusterConnections
{
    public static async Task<IReadOnlyList<StoredConnection>> OthersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<IClusterStore>() is not { } store)
        {
            return [];
        }

        var self = services.GetRequiredService<LocalNode>().Id;
        return (await store.ListConnectionsAsync(cancellationToken)).Where(c => c.NodeId != self).ToList();
    }

    /// <summary>The connection on another node, or null when no other node holds <paramref name="id"/>.</summary>
    public static async Task<StoredConnection?> FindElsewhereAsync(IServiceProvider services, string id, CancellationToken cancellationToken)
    {
        if (services.GetService<IClusterStore>() is not { } store)
        {
            return null;
        }

        var found = await store.FindConnectionAsync(id, cancellationToken);
        return found is not null && found.NodeId != services.GetRequiredService<LocalNode>().Id ? found : null;
    }

    public static ClusterBus Bus(IServiceProvider services) => services.GetRequiredService<ClusterBus>();

    /// <summary>This node's id on a shared store; null on the embedded store, where listing a node would say nothing.</summary>
    public static string? LocalNodeId(IServiceProvider services) =>
        services.GetService<IClusterStore>() is null ? null : services.GetRequiredService<LocalNode>().Id;

    /// <summary>Another node's connection: where it is; its counters live on that node.</summary>
    public static ConnectionView View(StoredConnection c) => new(
        Id: c.Id,
        Listener: c.Listener,
        Endpoint: c.Endpoint,
        Kind: c.Kind,
        RemoteAddress: c.RemoteAddress,
        User: c.User,
        ConnectedAt: c.ConnectedAt,
        MessagesIn: 0,
        BytesIn: 0,
        MessagesOut: 0,
        BytesOut: 0,
        Dropped: 0,
        Throttled: 0,
        Api: null,
        Environment: null,
        Backend: null,
        RelayMode: null,
        Node: c.NodeId);

    public static ConnectionView View(LiveConnection c, string? node) => ConnectionView.From(c) with { Node = node };
}
