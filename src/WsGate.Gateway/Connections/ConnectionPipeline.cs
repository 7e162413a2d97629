using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Channels;
using WsGate.Configuration;
using WsGate.Diagnostics;
using WsGate.Endpoints;
using WsGate.Http;
using WsGate.Listeners;

namespace WsGate.Connections;

/// <summary>
/// The request delegate of every listener: plain HTTP goes to the fallback; an upgrade is checked (draining, endpoint,
/// connection cap), accepted with the listener's keepalive settings, registered, handed to its handler, and closed
/// properly whatever the handler did.
/// </summary>
public sealed class ConnectionPipeline(
    ConnectionRegistry registry,
    HttpFallbackHandler fallback,
    EchoHandler echo,
    ChannelHandler channel,
    TimeProvider time,
    ILogger<ConnectionPipeline> logger)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async Task HandleAsync(HttpContext context, ListenerRuntime listener)
    {
        var config = listener.Config;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await fallback.HandleAsync(context, config.HttpFallback);
            return;
        }

        if (registry.IsDraining)
        {
            await HandshakeProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Server draining", "the server is shutting down; reconnect later", RetryAfter);
            return;
        }

        var path = context.Request.Path.Value ?? "/";
        var endpoint = listener.FindEndpoint(path);
        if (endpoint is null)
        {
            await HandshakeProblem.WriteAsync(context, StatusCodes.Status404NotFound, "No such endpoint", $"listener '{config.Id}' has no WebSocket endpoint at {path}");
            return;
        }

        if (!listener.TryReserveConnection())
        {
            listener.Counters.CountRejectedOverCapacity();
            await HandshakeProblem.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                "Too many connections",
                $"listener '{config.Id}' is at its limit of {config.MaxConnections} connections",
                RetryAfter);
            return;
        }

        try
        {
            await RunAsync(context, listener, endpoint, config);
        }
        finally
        {
            listener.ReleaseConnection();
        }
    }

    private async Task RunAsync(HttpContext context, ListenerRuntime listener, EndpointConfig endpoint, ListenerConfig config)
    {
        var accept = new WebSocketAcceptContext
        {
            KeepAliveInterval = config.KeepAliveIntervalMs > 0 ? TimeSpan.FromMilliseconds(config.KeepAliveIntervalMs) : TimeSpan.Zero,
            KeepAliveTimeout = config.KeepAliveIntervalMs > 0 && config.PongTimeoutMs > 0
                ? TimeSpan.FromMilliseconds(config.PongTimeoutMs)
                : Timeout.InfiniteTimeSpan,
        };
        var socket = await context.WebSockets.AcceptWebSocketAsync(accept);
        listener.Counters.CountAccepted();
        var remote = context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null;
        var session = new WebSocketSession(
            ConnectionRegistry.NewId(),
            socket,
            listener,
            endpoint.Path,
            endpoint.Kind.ToString().ToLowerInvariant(),
            remote,
            context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null,
            time);
        registry.Add(session);
        ConnectionLog.Opened(logger, session.Id, config.Id, endpoint.Path, remote?.ToString() ?? "?");
        try
        {
            await HandlerFor(endpoint.Kind).RunAsync(session);
            await CompleteCloseAsync(session);
        }
        catch (MessageTooBigException ex)
        {
            listener.Counters.CountTooBigClosed();
            ConnectionLog.MessageTooBig(logger, session.Id, ex.Limit);
            await session.CloseAsync(WebSocketCloseStatus.MessageTooBig, ex.Message);
            await DrainAfterCloseAsync(session);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
            // Protocol errors are answered by the WebSocket itself with 1002 or 1007 before it throws (RFC 6455 section 7.1.7).
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
            ConnectionLog.Closed(logger, session.Id, socket.CloseStatus?.ToString() ?? socket.State.ToString(), session.MessagesIn);
            await session.DisposeAsync();
        }
    }

    private IConnectionHandler HandlerFor(EndpointKind kind) => kind switch
    {
        EndpointKind.Channel => channel,
        _ => echo,
    };

    /// <summary>
    /// The handler saw the peer's close frame, or the server started the close: answer with the peer's code (RFC 6455
    /// section 5.5.1: the endpoint typically echoes the status code it received).
    /// </summary>
    private static async Task CompleteCloseAsync(WebSocketSession session)
    {
        var socket = session.Socket;
        if (socket.State == WebSocketState.CloseReceived)
        {
            var status = socket.CloseStatus ?? WebSocketCloseStatus.Empty;
            await session.CloseAsync(status, status == WebSocketCloseStatus.Empty ? null : socket.CloseStatusDescription);
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
