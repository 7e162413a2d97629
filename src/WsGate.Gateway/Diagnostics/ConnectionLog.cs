using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>WebSocket connection messages; event IDs 1100-1199 are stable.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(1100, LogLevel.Debug, "Connection {ConnectionId} opened on {ListenerId}{Path} from {RemoteAddress}")]
    public static partial void Opened(ILogger logger, string connectionId, string listenerId, string path, string remoteAddress);

    [LoggerMessage(1101, LogLevel.Debug, "Connection {ConnectionId} closed ({CloseStatus}) after {Messages} messages in")]
    public static partial void Closed(ILogger logger, string connectionId, string closeStatus, long messages);

    [LoggerMessage(1102, LogLevel.Information, "Connection {ConnectionId} closed: nothing from the {Side} for {IdleMs} ms (its idle timeout)")]
    public static partial void IdleTimeout(ILogger logger, string connectionId, string side, long idleMs);

    [LoggerMessage(1103, LogLevel.Information, "Connection {ConnectionId} sent a message over {Limit} bytes; closing with 1009")]
    public static partial void MessageTooBig(ILogger logger, string connectionId, long limit);

    [LoggerMessage(1104, LogLevel.Debug, "Connection {ConnectionId} ended abnormally: {Reason}")]
    public static partial void Aborted(ILogger logger, string connectionId, string reason);

    [LoggerMessage(1105, LogLevel.Warning, "Handler for connection {ConnectionId} failed")]
    public static partial void HandlerFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(1106, LogLevel.Information, "Draining {Count} WebSocket connections with 1001")]
    public static partial void Draining(ILogger logger, int count);

    [LoggerMessage(1108, LogLevel.Information, "Connection {ConnectionId} reached its maximum duration of {DurationMs} ms")]
    public static partial void MaxDuration(ILogger logger, string connectionId, long durationMs);

    [LoggerMessage(1107, LogLevel.Warning, "{Count} connections did not finish closing within the drain timeout; aborting them")]
    public static partial void DrainTimedOut(ILogger logger, int count);
}
