using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WsGate.Channels;
using WsGate.Connections;
using WsGate.Endpoints;
using WsGate.Http;
using WsGate.Listeners;
using WsGate.Management;

namespace WsGate;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Registers the engine: configuration manager, listeners, connections, handlers and the heartbeat.</summary>
    public static IServiceCollection AddWsGateEngine(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<ChannelBroker>();
        services.AddSingleton<EchoHandler>();
        services.AddSingleton<ChannelHandler>();
        services.AddSingleton<HttpFallbackHandler>();
        services.AddSingleton<ConnectionPipeline>();
        services.AddSingleton<ListenerManager>();
        services.AddSingleton<IConfigApplier>(sp => sp.GetRequiredService<ListenerManager>());
        services.AddSingleton<ConfigManager>();
        services.AddSingleton<ConnectionHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionHeartbeat>());
        services.AddHostedService<GatewayHostedService>();
        return services;
    }
}
