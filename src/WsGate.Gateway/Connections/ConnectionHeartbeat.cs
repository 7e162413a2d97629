using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;

namespace WsGate.Connections;

/// <summary>
/// One timer for all connections, as Kestrel's heartbeat does: each tick closes the connections that have received
/// nothing for longer than their idle timeout or outlived their maximum duration, and drives relays' keepalive pings, so
/// an idle connection needs no timer of its own. Time comes from the injected <see cref="TimeProvider"/>.
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

    /// <summary>Closes idle and over-age connections now; public so tests and the timer share one code path.</summary>
    public void Tick()
    {
        foreach (var connection in registry.All)
        {
            if (connection.IsClosing)
            {
                continue;
            }

            // Each side has its own idle timeout (the front side's and the backend's, as DataPower has them); the close
            // reason and the log say which one fired.
            var idleTimeout = connection.IdleTimeoutMs;
            var idle = connection.IdleFor;
            if (idleTimeout > 0 && idle.TotalMilliseconds >= idleTimeout)
            {
                IdleClose(connection, "client", idle);
                continue;
            }

            var backendIdleTimeout = connection.Api?.Api.Config.Limits.BackendIdleTimeoutMs ?? 0;
            if (backendIdleTimeout > 0 && connection.BackendIdleFor is { } backendIdle && backendIdle.TotalMilliseconds >= backendIdleTimeout)
            {
                IdleClose(connection, "backend", backendIdle);
                continue;
            }

            var maxDuration = connection.MaxDurationMs;
            if (maxDuration > 0 && connection.Age.TotalMilliseconds >= maxDuration)
            {
                ConnectionLog.MaxDuration(logger, connection.Id, maxDuration);
                _ = connection.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "maximum connection duration reached");
                continue;
            }

            var listener = connection.Listener.Config;
            if (listener.KeepAliveIntervalMs > 0)
            {
                connection.KeepAlive(TimeSpan.FromMilliseconds(listener.KeepAliveIntervalMs), TimeSpan.FromMilliseconds(listener.PongTimeoutMs));
            }
        }
    }

    private void IdleClose(LiveConnection connection, string side, TimeSpan idle)
    {
        ConnectionLog.IdleTimeout(logger, connection.Id, side, (long)idle.TotalMilliseconds);
        connection.Listener.Counters.CountIdleClosed();

        // RFC 6455 section 7.4.1: 1001, the endpoint is going away; the reason names the side that idled.
        _ = connection.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, side + " idle timeout");
    }
}
