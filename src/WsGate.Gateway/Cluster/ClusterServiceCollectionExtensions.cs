using Microsoft.Extensions.DependencyInjection;
using WsGate.Storage;
using WsGate.Throttling;

namespace WsGate.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>Registers what a node of a cluster runs on a shared store: the heartbeat, the configuration change feed, the message bus, the connection directory and the cluster-wide limits.</summary>
    public static IServiceCollection AddWsGateCluster(this IServiceCollection services, IClusterStore store)
    {
        services.AddSingleton(store);
        services.AddSingleton<ClusterHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterHeartbeat>());
        services.AddSingleton<ConfigFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigFeed>());
        services.AddSingleton<ClusterBus>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterBus>());
        services.AddSingleton<ClusterConnectionDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterConnectionDirectory>());
        services.AddSingleton<ClusterQuota>();
        services.AddSingleton<IClusterQuota>(sp => sp.GetRequiredService<ClusterQuota>());
        services.AddSingleton<ClusterQuotaSync>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterQuotaSync>());
        return services;
    }
}
