using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;
using WsGate.Storage;

namespace WsGate.Analytics;

/// <summary>
/// Writes pending rollups and failures to the store at every minute boundary and once more on shutdown, after the
/// connections have drained, so a restart loses no minute; deletes rows past the retention once an hour. A write that
/// fails is kept for the next flush.
/// </summary>
public sealed class AnalyticsFlusher(
    GatewayAnalytics analytics,
    UsageRecorder usage,
    FailureLog failures,
    IUsageStore store,
    TimeProvider time,
    ILogger<AnalyticsFlusher> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "Left to the collector on purpose (no wait handle is ever taken): a host stopped after being disposed must still find a usable gate; see DisposeAsync.")]
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITimer? _timer;
    private DateTimeOffset? _lastPurge;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var untilNextMinute = UsageRecorder.MinuteOf(now) + Interval - now;
        _timer = time.CreateTimer(_ => _ = FlushAsync(CancellationToken.None), null, untilNextMinute, Interval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes what is pending now; returns the number of rollup rows written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var rollups = usage.Take();
            var (records, dropped) = failures.TakeUnwritten();
            if (dropped > 0)
            {
                AnalyticsLog.FailuresDropped(logger, dropped, FailureLog.Capacity);
            }

            try
            {
                await store.AddAsync(rollups, records, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                usage.Restore(rollups);
                failures.Restore(records.Count);
                AnalyticsLog.FlushFailed(logger, rollups.Count, ex.Message);
                return 0;
            }

            if (rollups.Count > 0 || records.Count > 0)
            {
                AnalyticsLog.Flushed(logger, rollups.Count, records.Count);
            }

            await PurgeIfDueAsync(cancellationToken);
            return rollups.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the timer only: the gate is left to the collector (it holds no wait handle), so a host stopped again after
    /// being disposed, as tests do, finds nothing pending rather than a disposed semaphore.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lastPurge is { } last && now - last < PurgeEvery)
        {
            return;
        }

        _lastPurge = now;
        var before = now - TimeSpan.FromDays(analytics.Config.RetentionDays);
        try
        {
            var removed = await store.PurgeAsync(before, cancellationToken);
            if (removed > 0)
            {
                AnalyticsLog.Purged(logger, removed, before);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AnalyticsLog.FlushFailed(logger, 0, ex.Message);
        }
    }
}
