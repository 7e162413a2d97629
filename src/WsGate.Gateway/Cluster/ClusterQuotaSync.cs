using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;
using WsGate.Storage;
using WsGate.Throttling;

namespace WsGate.Cluster;

/// <summary>
/// Every <see cref="ClusterOptions.QuotaInterval"/>, in one round trip: writes what this node uses of the limits (its
/// connections under each limited cap, the rate limits it drew on within <see cref="ClusterOptions.RateDemandHold"/>),
/// reads what the other live nodes reported into <see cref="ClusterQuota"/>, and gives this node's rate buckets their
/// new shares. Never on the handshake or frame path. When the store stays unreachable for longer than
/// <see cref="ClusterOptions.NodeTimeout"/> (the others then count this node gone), the node enforces its limits alone.
/// </summary>
public sealed class ClusterQuotaSync(
    IClusterStore store,
    ThrottleService throttle,
    ClusterQuota quota,
    LocalNode node,
    ClusterOptions options,
    TimeProvider time,
    ILogger<ClusterQuotaSync> logger) : BackgroundService
{
    private long _lastExchange = time.GetTimestamp();
    private bool _alone;

    /// <summary>What this node reports now: connections per limited cap, and the rate limits it draws on with the frames admitted since the last report.</summary>
    public IReadOnlyList<StoredUsage> Collect()
    {
        var usage = new List<StoredUsage>();
        foreach (var (key, open) in throttle.CappedConnections())
        {
            usage.Add(new StoredUsage(node.Id, StoredUsage.ConnectionsKind, key, open));
        }

        var rates = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, buckets) in throttle.RateBuckets())
        {
            var admitted = buckets.TakeAdmitted();
            if (buckets.SinceLastUse <= options.RateDemandHold)
            {
                rates[key] = rates.GetValueOrDefault(key) + admitted;
            }
        }

        usage.AddRange(rates.Select(r => new StoredUsage(node.Id, StoredUsage.RateKind, r.Key, r.Value)));
        return usage;
    }

    /// <summary>One exchange with the store; the loop calls it, and tests call it with a manual clock.</summary>
    public async Task ExchangeAsync(CancellationToken cancellationToken)
    {
        try
        {
            quota.Update(await store.ExchangeUsageAsync(node.Id, Collect(), cancellationToken));
            _lastExchange = time.GetTimestamp();
            if (_alone)
            {
                _alone = false;
                ClusterLog.ClusterLimitsRestored(logger);
            }
        }
        catch (StoreUnavailableException ex)
        {
            // The heartbeat reports the outage itself. Past the node timeout the others count this node gone and ignore
            // its usage; it ignores theirs in turn rather than hold on to counts that no longer change.
            if (!_alone && time.GetElapsedTime(_lastExchange) > options.NodeTimeout)
            {
                _alone = true;
                quota.Update([]);
                ClusterLog.ClusterLimitsAlone(logger, options.NodeTimeout.TotalSeconds, ex.Message);
            }
        }

        ApplyShares();
    }

    /// <summary>Gives every rate bucket this node keeps its current share of its limit.</summary>
    public void ApplyShares()
    {
        foreach (var (key, buckets) in throttle.RateBuckets())
        {
            buckets.SetShare(quota.RateShare(key));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.QuotaInterval, time, stoppingToken);
                await ExchangeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not an outage (that is handled above) but a failed statement: keep the last view and try again next time
                // rather than stop the node.
                ClusterLog.ClusterLimitsExchangeFailed(logger, ex.Message);
            }
        }
    }
}
