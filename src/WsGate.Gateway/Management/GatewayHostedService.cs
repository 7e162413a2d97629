using Microsoft.Extensions.Hosting;
using WsGate.Listeners;

namespace WsGate.Management;

/// <summary>Loads the stored configuration and starts the listeners with the host; on shutdown drains and unbinds them.</summary>
public sealed class GatewayHostedService(ConfigManager config, ListenerManager listeners, GatewayOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => config.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => listeners.StopAllAsync(options.DrainTimeout);
}
