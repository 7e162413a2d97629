using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;

namespace WsGate.Connections;

/// <summary>
/// One timer for all connections, as Kestrel's heartbeat does: each tick closes the connections that have received
/// nothing for longer than their listener's idle timeout. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class ConnectionHeartbeat(ConnectionRegistry registry, TimeProvider time, ILogger<ConnectionHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes idle connections now; public so tests and the timer share one code path.</summary>
    public void Tick()
    {
        foreach (var session in registry.All)
        {
            var idleTimeout = session.Listener.Config.IdleTimeoutMs;
            if (idleTimeout <= 0 || session.IsClosing)
            {
                continue;
            }

            var idle = session.IdleFor;
            if (idle.TotalMilliseconds >= idleTimeout)
            {
                ConnectionLog.IdleTimeout(logger, session.Id, (long)idle.TotalMilliseconds);
                session.Listener.Counters.CountIdleClosed();
                _ = session.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "idle timeout");
            }
        }
    }
}
