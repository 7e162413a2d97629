using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using WsGate.Analytics;
using WsGate.Diagnostics;
using WsGate.Identity;
using WsGate.Listeners;
using WsGate.Rules;
using WsGate.Throttling;

namespace WsGate.Connections;

/// <summary>
/// Runs an accepted WebSocket to its end, whatever its handler does: registers it, runs the handler, completes the
/// closing handshake, reports protocol errors and limits, and always unregisters and disposes it.
/// </summary>
public sealed class SessionRunner(ConnectionRegistry registry, RuleQueue rules, GatewayAnalytics analytics, TimeProvider time, ILogger<SessionRunner> logger)
{
    // Long enough for a loaded machine to flush the queued close frame; a client that reads it hangs up and ends the wait
    // early. 500 ms was seen to be too short on a 2-core machine at load average 20 (the peer got a reset and no 1007).
    // A strict client waits for the server to close TCP (RFC 6455 section 7.1.1), so it waits this out after a protocol
    // error: longer costs such clients (and the conformance suite, about 80 cases) that much more.
    private static readonly TimeSpan FailedCloseLinger = TimeSpan.FromSeconds(1);

    public async Task RunAsync(
        ClientHandshake client,
        ListenerRuntime listener,
        WebSocket socket,
        string path,
        string kind,
        ApiBinding? api,
        ConnectionPrincipal principal,
        Func<WebSocketSession, Task> handler,
        ConnectionThrottle? throttle = null)
    {
        listener.Counters.CountAccepted();
        var remote = client.Remote;
        var session = new WebSocketSession(
            ConnectionRegistry.NewId(),
            socket,
            listener,
            path,
            kind,
            remote,
            principal.Username,
            time,
            api,
            throttle)
        {
            Principal = principal,
        };
        registry.Add(session);
        session.Tap = rules.TapFor(session);
        rules.ConnectionOpened(session);
        analytics.ConnectionOpened(session, client.Trace);
        ConnectionLog.Opened(logger, session.Id, listener.Id, path, remote?.ToString() ?? "?");
        try
        {
            await handler(session);
            await CompleteCloseAsync(session);
        }
        catch (MessageTooBigException ex)
        {
            listener.Counters.CountTooBigClosed();
            ConnectionLog.MessageTooBig(logger, session.Id, ex.Limit);
            analytics.ProtocolError(session, $"message exceeds {ex.Limit} bytes; closed with 1009");

            // RFC 6455 section 7.4.1: 1009, the message is too big to process. Sent here, after the handler's finally has
            // released a message in progress, since the close frame needs the send path the handler held.
            await session.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"message exceeds {ex.Limit} bytes");
            await DrainAfterCloseAsync(session);
        }
        catch (ThrottleCloseException ex)
        {
            // RFC 6455 section 7.4.1: 1008, a policy (the rate limit) was violated; sent once the handler let go of the send path.
            await session.CloseAsync(ex.Status, ex.Message);
            await DrainAfterCloseAsync(session);
        }
        catch (WebSocketException ex)
        {
            // Protocol errors are answered by the WebSocket itself with 1002 or 1007 before it throws (RFC 6455 section 7.1.7).
            // That close frame is only queued: the aborted WebSocket aborts the HTTP connection when the request ends, which
            // drops unsent output, so give the transport a moment to send it (or the peer to hang up) first.
            ConnectionLog.Aborted(logger, session.Id, ex.Message);
            if (ex.WebSocketErrorCode != WebSocketError.ConnectionClosedPrematurely)
            {
                // A peer that just went away is no protocol error; its close code (1006) says enough.
                analytics.ProtocolError(session, ex.Message);
            }

            await LingerAsync(client.Closed);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionAbortedException)
        {
            ConnectionLog.Aborted(logger, session.Id, ex.Message);
        }
        catch (Exception ex)
        {
            ConnectionLog.HandlerFailed(logger, session.Id, ex);
            await session.CloseAsync(WebSocketCloseStatus.InternalServerError, "internal error");
        }
        finally
        {
            registry.Remove(session);
            rules.ConnectionClosed(session, socket.CloseStatus, socket.CloseStatusDescription);
            analytics.ConnectionClosed(session);
            ConnectionLog.Closed(logger, session.Id, socket.CloseStatus?.ToString() ?? socket.State.ToString(), session.MessagesIn);
            await session.DisposeAsync();
        }
    }

    /// <summary>
    /// The handler saw the peer's close frame: answer with the peer's code (RFC 6455 section 5.5.1: the endpoint typically
    /// echoes the status code it received).
    /// </summary>
    private static async Task CompleteCloseAsync(WebSocketSession session)
    {
        var socket = session.Socket;
        if (socket.State == WebSocketState.CloseReceived)
        {
            var status = socket.CloseStatus ?? WebSocketCloseStatus.Empty;
            await session.CloseAsync(status, socket.CloseStatusDescription);
        }
    }

    /// <summary>Waits briefly, in real time, so that a close frame already written reaches the wire before the connection is torn down.</summary>
    private static async Task LingerAsync(CancellationToken peerGone)
    {
        try
        {
            await Task.Delay(FailedCloseLinger, peerGone);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>After the server sent a close frame, reads until the peer's close so the TCP connection ends cleanly.</summary>
    private static async Task DrainAfterCloseAsync(WebSocketSession session)
    {
        var buffer = new byte[1024];
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(session.Aborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            while (session.Socket.State == WebSocketState.CloseSent)
            {
                var result = await session.Socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            session.Abort();
        }
    }
}
