using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WsGate.Admission;
using WsGate.Analytics;
using WsGate.Captures;
using WsGate.Channels;
using WsGate.Cluster;
using WsGate.Connections;
using WsGate.Endpoints;
using WsGate.Forwarding;
using WsGate.Health;
using WsGate.Http;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Management;
using WsGate.Outbound;
using WsGate.Routing;
using WsGate.Rules;
using WsGate.Storage;
using WsGate.Throttling;

namespace WsGate;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Registers the engine: configuration manager, listeners, connections, handlers and the heartbeat.</summary>
    public static IServiceCollection AddWsGateEngine(this IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LiveConfig>();
        services.AddSingleton<ConnectionRegistry>();

        // This process as a node, and whether its store answers (a shared store registers more: AddWsGateCluster).
        services.TryAddSingleton(new ClusterOptions());
        services.AddSingleton<LocalNode>();
        services.AddSingleton<StoreHealth>();
        services.AddSingleton<NodeDrainer>();
        services.AddSingleton<ChannelBroker>();
        services.AddSingleton<EchoHandler>();
        services.AddSingleton<PrototypeHandler>();
        services.AddSingleton<ChannelHandler>();
        services.AddSingleton<HttpFallbackHandler>();
        services.AddSingleton<ConnectionLifetime>();
        services.AddSingleton<EndpointAcceptor>();
        services.AddSingleton<ApiManager>();
        services.AddSingleton<BackendConnector>();
        services.AddSingleton<BackendDialer>();
        services.AddSingleton<BackendProbe>();
        services.AddSingleton<BackendHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<BackendHealthMonitor>());

        services.AddSingleton<ThrottleService>();
        services.AddSingleton<AdmissionChain>();
        services.AddSingleton<ApiAcceptor>();
        services.AddSingleton<IdentityEvents>();
        services.AddSingleton<AuthFailureGuard>();
        services.AddSingleton<OAuthEndpoints>();
        services.AddSingleton(sp => new JwksCache(null, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<JwtValidator>();
        services.AddSingleton<SystemAccounts>();
        services.AddSingleton<ForwardAuthenticator>();
        services.AddSingleton<ConnectionAuthenticator>();
        services.AddSingleton<IdentityService>();
        services.AddSingleton<AuthorizationCodeGrant>();
        services.AddSingleton<CredentialMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<CredentialMonitor>());
        services.AddSingleton<ConnectionPipeline>();
        services.AddSingleton(_ => new WorkerScheduler());
        services.AddSingleton<ListenerManager>();
        services.AddSingleton<RuleQueue>(sp => new RuleQueue(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RuleQueue>>(), captures: sp.GetRequiredService<CaptureHub>()));
        services.AddSingleton<HttpRuleHandler>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<OutboundConnector>();
        services.AddSingleton<OutboundClientManager>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboundClientManager>());
        services.AddSingleton<CaptureHub>();
        services.AddHostedService(sp => sp.GetRequiredService<CaptureHub>());
        services.AddSingleton<RuleEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<RuleEngine>());
        services.AddSingleton(sp => new ConfigManager(
            sp.GetRequiredService<IConfigStore>(),
            sp.GetRequiredService<LiveConfig>(),
            [
                // The order the engine takes a new configuration in, after the live snapshot is swapped: analytics first, so
                // whatever the others start is counted; APIs before the listeners whose requests they route; outbound clients
                // before the rules whose actions and bridges use them.
                sp.GetRequiredService<GatewayAnalytics>(),
                sp.GetRequiredService<ApiManager>(),
                sp.GetRequiredService<ListenerManager>(),
                sp.GetRequiredService<OutboundClientManager>(),
                sp.GetRequiredService<RuleEngine>(),
            ],
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ConfigManager>>()));
        services.AddSingleton<ConnectionHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionHeartbeat>());
        services.AddWsGateAnalytics();
        services.AddHostedService<GatewayHostedService>();
        return services;
    }
}
