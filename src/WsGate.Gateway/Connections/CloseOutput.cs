using System.Net.WebSockets;

namespace WsGate.Connections;

/// <summary>Starts or completes a closing handshake on one WebSocket, the same way wherever WsGate closes one.</summary>
public static class CloseOutput
{
    /// <summary>
    /// Sends a close frame (RFC 6455 section 5.5.1) unless this side already sent one or the socket is gone. 1005 (no
    /// status) must never appear on the wire (section 7.4.1), so it goes out as a close frame without a body; any other
    /// code carries the reason cut to fit a control frame.
    /// </summary>
    public static Task SendAsync(WebSocket socket, WebSocketCloseStatus status, string? reason, CancellationToken cancellationToken) =>
        socket.State is WebSocketState.Open or WebSocketState.CloseReceived
            ? socket.CloseOutputAsync(status, status == WebSocketCloseStatus.Empty ? null : CloseReason.Truncate(reason), cancellationToken)
            : Task.CompletedTask;
}
