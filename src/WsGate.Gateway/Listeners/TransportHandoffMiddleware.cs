using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;

namespace WsGate.Listeners;

/// <summary>
/// Connection middleware, innermost (after TLS), that runs Kestrel's HTTP layer over <see cref="HandoffConnectionContext"/>
/// and, when a request detached its WebSocket (<see cref="ConnectionHandoff"/>), gives that WebSocket the connection's
/// transport and keeps the connection until it is done.
/// </summary>
internal sealed class TransportHandoffMiddleware(string listenerId, TimeProvider time, ILogger logger)
{
    // How long a finished connection may take to send what is still queued (a close frame) before it is cut.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var handoff = new ConnectionHandoff(connection.ConnectionClosed);
        var http = new HandoffConnectionContext(connection, handoff);
        try
        {
            await next(http);
        }
        finally
        {
            http.Release();
        }

        if (!handoff.IsDetached || handoff.Work is not { } work)
        {
            handoff.Cancel();
            return;
        }

        handoff.Attach(connection.Transport);
        try
        {
            await work;
        }
        catch (Exception ex)
        {
            ListenerLog.HandedOffFailed(logger, listenerId, connection.ConnectionId, ex);
        }

        await CloseAsync(connection);
    }

    /// <summary>
    /// The request delegate: runs <paramref name="handler"/> and returns when it finishes or when it detached its WebSocket,
    /// whichever comes first, so Kestrel can end the request while the WebSocket goes on.
    /// </summary>
    public static async Task RunRequestAsync(HttpContext context, RequestDelegate handler)
    {
        var work = handler(context);
        if (work.IsCompleted || context.Features.Get<ConnectionHandoff>() is not { } handoff)
        {
            await work;
            return;
        }

        handoff.Work = work;
        if (await Task.WhenAny(work, handoff.Detached) == work)
        {
            await work;
        }
    }

    /// <summary>
    /// Completing the transport lets Kestrel (and TLS, when the listener has it) send what is queued, a close frame
    /// usually, and shut the connection down once this middleware returns. A peer that does not read could hold that
    /// forever, as Kestrel's own drain timeout would otherwise prevent: a watchdog aborts the connection if it has not
    /// closed after <see cref="DrainTimeout"/>.
    /// </summary>
    private async Task CloseAsync(ConnectionContext connection)
    {
        await connection.Transport.Output.CompleteAsync();
        await connection.Transport.Input.CompleteAsync();
        _ = AbortUnlessClosedAsync(connection);
    }

    private async Task AbortUnlessClosedAsync(ConnectionContext connection)
    {
        try
        {
            await Task.Delay(DrainTimeout, time, connection.ConnectionClosed);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        connection.Abort();
    }
}
