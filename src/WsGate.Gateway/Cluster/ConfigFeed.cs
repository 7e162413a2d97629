using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Cluster;

/// <summary>
/// Keeps this node's configuration snapshot in step with the shared store. It LISTENs for committed revisions on a
/// connection of its own; every time the listen is (re)established it first reloads from the store, so a change
/// committed while the feed was down is never lost. A message naming a revision newer than the node's reloads the
/// snapshot through <see cref="ConfigManager.ReloadAsync"/>, which swaps it in atomically.
/// </summary>
public sealed class ConfigFeed(
    IClusterStore store,
    ConfigManager config,
    StoreHealth health,
    ClusterOptions options,
    TimeProvider time,
    ILogger<ConfigFeed> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new StoreSubscription(store, health, options, time, logger, "config feed", "configuration change feed").RunAsync(
            [IClusterStore.ConfigChannel], ResyncAsync, OnMessageAsync, onLost: null, stoppingToken);

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var before = config.Revision;
        var changed = await config.ReloadAsync(cancellationToken);
        ClusterLog.FeedListening(logger, config.Revision, changed ? before : config.Revision);
    }

    private async Task OnMessageAsync(string channel, string payload, CancellationToken cancellationToken)
    {
        if (!long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) || revision == config.Revision)
        {
            return;
        }

        var before = config.Revision;
        if (await config.ReloadAsync(cancellationToken))
        {
            ClusterLog.ConfigReloaded(logger, before, config.Revision);
        }
    }
}
