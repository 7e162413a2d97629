using Microsoft.Extensions.DependencyInjection;
using WsGate.Storage;

namespace WsGate.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>Registers what a node of a cluster runs on a shared store: the heartbeat and the configuration change feed.</summary>
    public static IServiceCollection AddWsGateCluster(this IServiceCollection services, IClusterStore store)
    {
        services.AddSingleton(store);
        services.AddSingleton<ClusterHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterHeartbeat>());
        services.AddSingleton<ConfigFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ConfigFeed>());
        return services;
    }
}
