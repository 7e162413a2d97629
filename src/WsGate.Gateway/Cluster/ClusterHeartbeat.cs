using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;
using WsGate.Storage;

namespace WsGate.Cluster;

/// <summary>
/// Writes this node's heartbeat row every <see cref="ClusterOptions.HeartbeatInterval"/> and marks nodes whose heartbeat
/// stopped as gone (every node sweeps; the update is idempotent). A failed heartbeat marks the store unreachable; on a
/// clean stop the node records that it left.
/// </summary>
public sealed class ClusterHeartbeat(
    IClusterStore store,
    LocalNode node,
    StoreHealth health,
    ClusterOptions options,
    TimeProvider time,
    ILogger<ClusterHeartbeat> logger) : BackgroundService
{
    /// <summary>Runs one heartbeat and sweep now; the loop calls it, and tests call it with a manual clock.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.HeartbeatAsync(node.Snapshot(), cancellationToken);
            var now = time.GetUtcNow();
            foreach (var gone in await store.SweepNodesAsync(now - options.NodeTimeout, now - options.ForgetAfter, cancellationToken))
            {
                ClusterLog.NodeGone(logger, gone, options.NodeTimeout.TotalSeconds);
            }

            if (health.ReportReachable("heartbeat"))
            {
                ClusterLog.StoreReachable(logger, "heartbeat");
            }
        }
        catch (StoreUnavailableException ex)
        {
            if (health.ReportUnreachable("heartbeat", ex.Message))
            {
                ClusterLog.StoreUnreachable(logger, ex.Message);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await store.HeartbeatAsync(node.Snapshot(NodeStates.Left), timeout.Token);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException)
        {
            // The others will mark this node gone when its heartbeat ages out.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ClusterLog.NodeStarted(logger, node.Id, options.HeartbeatInterval.TotalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await BeatAsync(stoppingToken);
            try
            {
                await Task.Delay(options.HeartbeatInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
