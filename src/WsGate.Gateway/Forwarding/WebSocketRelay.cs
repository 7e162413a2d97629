using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using WsGate.Analytics;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Routing;
using WsGate.Throttling;

namespace WsGate.Forwarding;

/// <summary>
/// The <c>frames</c> relay: two pumps, client to backend and backend to client, each streaming frame by frame through a
/// pooled buffer so no message is ever held whole. Between messages a pump waits with a zero-byte receive and gives its
/// buffer back to the pool, so an idle relayed connection holds no relay buffer at all. Close codes and reasons cross both ways (RFC 6455 section 7.1.5);
/// pings and pongs stay on their own leg, answered by each leg's WebSocket with its own keepalive.
/// </summary>
public sealed class WebSocketRelay(RawBackendConnector connector, GatewayAnalytics analytics, TimeProvider time, ILogger<WebSocketRelay> logger)
{
    /// <summary>Bytes read per receive. Large enough that typical messages cross in one frame, small enough to stay bounded.</summary>
    private const int BufferSize = 16 * 1024;

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    public async Task RunAsync(WebSocketSession client, BackendLeg backend, ApiRuntime api)
    {
        try
        {
            var toBackend = ClientToBackendAsync(client, backend, api);
            var toClient = BackendToClientAsync(client, backend, api);
            var first = await Task.WhenAny(toBackend, toClient);
            // IsCompletedSuccessfully first: a pump that threw (MessageTooBigException, WebSocketException) must reach the
            // session runner as itself, which answers with 1009 (RFC 6455 section 7.4.1) or lingers for the 1002/1007;
            // reading Result would wrap it in an AggregateException and turn the close into a 1011.
            if (first == toBackend && toBackend.IsCompletedSuccessfully && toBackend.Result == PumpEnd.ClientFailed)
            {
                backend.Stop();
            }

            await Task.WhenAll(toBackend, toClient);
        }
        finally
        {
            backend.Dispose();
        }
    }

    private async Task<PumpEnd> ClientToBackendAsync(WebSocketSession client, BackendLeg backend, ApiRuntime api)
    {
        byte[]? buffer = null;
        var betweenMessages = true;
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                try
                {
                    if (betweenMessages)
                    {
                        // A zero-byte receive waits for the next frame's header without a buffer: an idle connection holds none.
                        // It waits on the WebSocket itself, so nothing but the WebSocket's own receive is pending while idle;
                        // the session then admits the frame (counts, limits, throttle, rules) as its ReceiveAsync would.
                        var next = client.Socket.ReceiveAsync(Memory<byte>.Empty, client.Aborted);
                        if (!next.IsCompleted)
                        {
                            ReturnBuffer(ref buffer);
                        }

                        result = await client.AdmitAsync(await next, Memory<byte>.Empty, client.Aborted);
                        if (result.MessageType != WebSocketMessageType.Close && !result.EndOfMessage)
                        {
                            buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                            result = await client.ReceiveAsync(buffer.AsMemory(), client.Aborted);
                        }
                    }
                    else
                    {
                        buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                        result = await client.ReceiveAsync(buffer.AsMemory(), client.Aborted);
                    }
                }
                catch (Exception ex) when (ex is MessageTooBigException or ThrottleCloseException)
                {
                    // The session runner closes the client with 1009 (RFC 6455 section 7.4.1) once both pumps end: the other
                    // pump may hold the client's send path for a message in progress. The backend is told the client went
                    // away, and ClientFailed keeps its answering close from reaching the client in place of the 1009.
                    backend.ClientFailed = true;
                    await CloseBackendAsync(backend, WebSocketCloseStatus.EndpointUnavailable, ex is ThrottleCloseException ? "client closed for exceeding a rate limit" : "client closed for an oversized message");
                    backend.StopAfter(CloseTimeout);
                    throw;
                }
                catch (WebSocketException)
                {
                    // The client broke the protocol and its WebSocket queued a 1002/1007 close (RFC 6455 section 7.1.7), or
                    // it vanished. The exception goes on to the session runner, which lingers so that close frame reaches
                    // the wire before the connection is torn down; returning here lost it now and then. ClientFailed first, so
                    // the backend pump takes its aborted receive for what it is rather than for a lost backend.
                    backend.ClientFailed = true;
                    backend.Stop();
                    throw;
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
                {
                    return PumpEnd.ClientFailed;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    backend.ClientClosed = true;
                    var status = client.Socket.CloseStatus ?? WebSocketCloseStatus.Empty;
                    await CloseBackendAsync(backend, status, client.Socket.CloseStatusDescription);

                    // The backend's answering close completes the client's handshake; a backend that never answers is cut off.
                    backend.StopAfter(CloseTimeout);
                    return PumpEnd.ClientClosed;
                }

                var startsMessage = !backend.ClientMidMessage;
                backend.ClientMidMessage = !result.EndOfMessage;
                betweenMessages = result.EndOfMessage;
                var payload = buffer is null ? Memory<byte>.Empty : buffer.AsMemory(0, result.Count);
                while (true)
                {
                    var socket = backend.Socket;
                    try
                    {
                        var timed = analytics.RelayStarted();
                        await socket.SendAsync(payload, result.MessageType, result.EndOfMessage, backend.Stopping);
                        analytics.RelayEnded(timed, api);
                        break;
                    }
                    catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
                    {
                        // A whole-message frame can be resent on a replacement backend; a later fragment cannot.
                        if (!startsMessage || !result.EndOfMessage || !await TryFailoverAsync(client, backend, api, socket))
                        {
                            return PumpEnd.BackendFailed;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        return PumpEnd.BackendFailed;
                    }
                }
            }
        }
        finally
        {
            ReturnBuffer(ref buffer);
        }
    }

    private async Task<PumpEnd> BackendToClientAsync(WebSocketSession client, BackendLeg backend, ApiRuntime api)
    {
        byte[]? buffer = null;
        var holdsSend = false;
        try
        {
            while (true)
            {
                var socket = backend.Socket;
                ValueWebSocketReceiveResult result;
                try
                {
                    if (!holdsSend)
                    {
                        // Between messages: wait for the next frame without holding a buffer (see ClientToBackendAsync).
                        var next = socket.ReceiveAsync(Memory<byte>.Empty, backend.Stopping);
                        if (!next.IsCompleted)
                        {
                            ReturnBuffer(ref buffer);
                        }

                        result = await next;
                        if (result.MessageType != WebSocketMessageType.Close && !result.EndOfMessage)
                        {
                            buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                            result = await socket.ReceiveAsync(buffer.AsMemory(), backend.Stopping);
                        }
                    }
                    else
                    {
                        buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
                        result = await socket.ReceiveAsync(buffer.AsMemory(), backend.Stopping);
                    }
                }
                catch (OperationCanceledException)
                {
                    return PumpEnd.ClientFailed;
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
                {
                    if (backend.ClientClosed || backend.ClientFailed || client.IsClosing)
                    {
                        return PumpEnd.BackendClosed;
                    }

                    if (!holdsSend && await TryFailoverAsync(client, backend, api, socket))
                    {
                        continue;
                    }

                    if (holdsSend)
                    {
                        client.ReleaseSend();
                        holdsSend = false;
                    }

                    await ReportBackendFailureAsync(client, backend, api, ex);
                    return PumpEnd.BackendFailed;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (holdsSend)
                    {
                        client.ReleaseSend();
                        holdsSend = false;
                    }

                    // The backend's code and reason go to the client: when the client closed first this completes its
                    // handshake with the backend's answer; otherwise it starts the client's closing handshake. When WsGate
                    // failed the client, the backend is only answering WsGate's 1001, and the client gets 1009 instead
                    // (RFC 6455 section 7.4.1), from the session runner.
                    if (!backend.ClientFailed)
                    {
                        var status = socket.CloseStatus ?? WebSocketCloseStatus.Empty;
                        await client.CloseAsync(status, socket.CloseStatusDescription);
                    }

                    return PumpEnd.BackendClosed;
                }

                if (!holdsSend)
                {
                    await client.AcquireSendAsync(client.Aborted);
                    holdsSend = true;
                }

                backend.BackendMidMessage = !result.EndOfMessage;
                await client.SendFrameLockedAsync(buffer is null ? Memory<byte>.Empty : buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, client.Aborted);
                if (result.EndOfMessage)
                {
                    client.ReleaseSend();
                    holdsSend = false;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Writing to the client failed: the client is gone; the other pump sees it too.
            backend.Stop();
            return PumpEnd.ClientFailed;
        }
        finally
        {
            if (holdsSend)
            {
                client.ReleaseSend();
            }

            ReturnBuffer(ref buffer);
        }
    }

    private static void ReturnBuffer(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    /// <summary>
    /// When the API allows it and no message is half relayed in either direction, connects to another endpoint of the same
    /// environment, offering the same subprotocol, and swaps it in. Only one pump reconnects; the other sees the new socket.
    /// </summary>
    private async Task<bool> TryFailoverAsync(WebSocketSession client, BackendLeg backend, ApiRuntime api, WebSocket failed)
    {
        if (!api.Config.ReconnectOnBackendLoss || client.IsClosing)
        {
            return false;
        }

        await backend.Gate.WaitAsync();
        try
        {
            if (!ReferenceEquals(backend.Socket, failed))
            {
                return backend.Socket.State == WebSocketState.Open;
            }

            if (backend.ClientMidMessage || backend.BackendMidMessage || backend.ClientClosed)
            {
                return false;
            }

            var lost = backend.Endpoint;
            lost.ReportFailure("connection lost during a relay", api.Config.HealthCheck.UnhealthyThreshold, time.GetUtcNow());
            var binding = client.Api!;
            foreach (var candidate in api.Pool(binding.Environment).Candidates().Where(c => c != lost))
            {
                try
                {
                    var replacement = await connector.ConnectWebSocketAsync(backend.Request, candidate.Url, client.Aborted);
                    if (!string.Equals(replacement.SubProtocol, failed.SubProtocol, StringComparison.Ordinal))
                    {
                        replacement.Abort();
                        replacement.Dispose();
                        continue;
                    }

                    backend.Replace(replacement, candidate);
                    client.Api = binding with { Backend = candidate.Url };
                    ForwardingLog.Reconnected(logger, client.Id, lost.Url.ToString(), candidate.Url.ToString());
                    return true;
                }
                catch (BackendConnectException ex)
                {
                    candidate.ReportFailure(ex.Reason, api.Config.HealthCheck.UnhealthyThreshold, time.GetUtcNow());
                    ForwardingLog.BackendUnreachable(logger, api.Id, candidate.Url.ToString(), ex.Reason);
                }
            }

            return false;
        }
        finally
        {
            backend.Gate.Release();
        }
    }

    /// <summary>
    /// RFC 6455 section 7.4.1: 1011 when the backend connection was lost, 1014 (bad gateway) when the backend broke the
    /// protocol; in that case the backend's own leg was already closed with 1002 or 1007 by its WebSocket.
    /// </summary>
    private async Task ReportBackendFailureAsync(WebSocketSession client, BackendLeg backend, ApiRuntime api, Exception ex)
    {
        api.CountBackendFailure();
        var lost = ex is IOException
            || ex is WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely }
            || ex.InnerException is IOException or System.Net.Sockets.SocketException;
        var (status, reason) = lost
            ? (WebSocketCloseStatus.InternalServerError, "backend connection lost")
            : ((WebSocketCloseStatus)1014, "backend sent an invalid frame");
        ForwardingLog.BackendLost(logger, client.Id, backend.Endpoint.Url.ToString(), ex.Message, (int)status);
        await client.CloseAsync(status, reason);
    }

    private static async Task CloseBackendAsync(BackendLeg backend, WebSocketCloseStatus status, string? reason)
    {
        var socket = backend.Socket;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(backend.Stopping);
            timeout.CancelAfter(CloseTimeout);
            await CloseOutput.SendAsync(socket, status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            socket.Abort();
        }
    }

    private enum PumpEnd
    {
        ClientClosed,
        ClientFailed,
        BackendClosed,
        BackendFailed,
    }
}
