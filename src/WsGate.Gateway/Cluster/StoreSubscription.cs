using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;
using WsGate.Storage;

namespace WsGate.Cluster;

/// <summary>
/// Keeps one LISTEN on the shared store open for a subscriber (the configuration feed, the cluster bus): when the store
/// connection is lost it reports the store unreachable under the subscriber's name and listens again after a delay that
/// doubles from <see cref="ClusterOptions.RetryDelay"/> up to <see cref="ClusterOptions.MaxRetryDelay"/>, and starts over
/// once a listen is in place again.
/// </summary>
internal sealed class StoreSubscription(
    IClusterStore store,
    StoreHealth health,
    ClusterOptions options,
    TimeProvider time,
    ILogger logger,
    string name,
    string description)
{
    /// <summary>
    /// Listens until <paramref name="stoppingToken"/> is cancelled. <paramref name="onListening"/> runs each time a listen
    /// is in place, before any message (see <see cref="IClusterStore.ListenAsync"/>); <paramref name="onLost"/> runs when
    /// the connection is lost.
    /// </summary>
    public async Task RunAsync(
        IReadOnlyList<string> channels,
        Func<CancellationToken, Task> onListening,
        Func<string, string, CancellationToken, Task> onMessage,
        Action? onLost,
        CancellationToken stoppingToken)
    {
        var delay = options.RetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.ListenAsync(
                    channels,
                    async ct =>
                    {
                        await onListening(ct);
                        delay = options.RetryDelay;
                        if (health.ReportReachable(name))
                        {
                            ClusterLog.StoreReachable(logger, name);
                        }
                    },
                    onMessage,
                    stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException ex)
            {
                onLost?.Invoke();
                if (health.ReportUnreachable(name, ex.Message))
                {
                    ClusterLog.StoreUnreachable(logger, ex.Message);
                }

                ClusterLog.FeedLost(logger, description, ex.Message, delay.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
        }
    }
}
