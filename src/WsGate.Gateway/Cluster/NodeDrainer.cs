using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using WsGate.Connections;
using WsGate.Diagnostics;

namespace WsGate.Cluster;

/// <summary>
/// Drains this node without a reconnect storm: it stops accepting (new handshakes get 503 and <c>/readyz</c> says
/// draining, so a load balancer sends new clients elsewhere), then closes the current connections with 1012 (Service
/// Restart, IANA WebSocket close code registry) in batches spread over a period, in random order. Each close reason
/// carries a jittered retry hint, <c>retry-after-ms=N</c>, so even one batch's clients do not all reconnect at once.
/// </summary>
public sealed class NodeDrainer(ConnectionRegistry registry, LocalNode node, TimeProvider time, ILogger<NodeDrainer> logger)
{
    /// <summary>RFC 6455 section 7.4.2 leaves 1012 to IANA's registry: "Service Restart", the client may reconnect.</summary>
    public const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;

    /// <summary>Batches are at least this far apart, so a short period does not become one burst per connection.</summary>
    private static readonly TimeSpan MinBatchInterval = TimeSpan.FromMilliseconds(250);

    private int _started;

    /// <summary>The running drain; null until one starts. Completes when every connection was told to reconnect.</summary>
    public Task? Running { get; private set; }

    /// <summary>
    /// Starts draining over <paramref name="period"/> and returns the number of connections and batches planned; a second
    /// call while one drain runs changes nothing and returns null.
    /// </summary>
    public (int Connections, int Batches)? Start(TimeSpan period)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return null;
        }

        registry.StopAccepting();
        var targets = registry.All.ToArray();
        RandomNumberGenerator.Shuffle(targets.AsSpan());
        var batches = (int)Math.Clamp(Math.Ceiling(period / MinBatchInterval), 1, Math.Max(1, targets.Length));
        var interval = batches > 1 ? period / batches : TimeSpan.Zero;
        ClusterLog.DrainStarted(logger, node.Id, targets.Length, batches, period.TotalSeconds);
        Running = RunAsync(targets, batches, interval);
        return (targets.Length, batches);
    }

    private async Task RunAsync(LiveConnection[] targets, int batches, TimeSpan interval)
    {
        var size = (int)Math.Ceiling(targets.Length / (double)Math.Max(1, batches));
        for (var batch = 0; batch < batches; batch++)
        {
            if (batch > 0)
            {
                await Task.Delay(interval, time);
            }

            var closes = targets.Skip(batch * size).Take(size).Select(c => c.CloseAsync(ServiceRestart, Reason(interval)));
            await Task.WhenAll(closes);
        }

        // Connections whose handshake finished just as the drain began were not in the snapshot.
        await Task.WhenAll(registry.All.Select(c => c.CloseAsync(ServiceRestart, Reason(interval))));
        ClusterLog.DrainFinished(logger, node.Id, targets.Length);
    }

    /// <summary>A jittered wait within one batch interval (at least a second's spread), in the close reason (at most 123 bytes).</summary>
    private static string Reason(TimeSpan interval) =>
        $"node draining; retry-after-ms={RandomNumberGenerator.GetInt32(0, (int)Math.Max(1000, interval.TotalMilliseconds))}";
}
