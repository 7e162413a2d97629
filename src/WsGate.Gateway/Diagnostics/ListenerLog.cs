using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Listener lifecycle messages; event IDs 1000-1099 are stable.</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(1000, LogLevel.Information, "Listener {ListenerId} listening on {Addresses}")]
    public static partial void Started(ILogger logger, string listenerId, string addresses);

    [LoggerMessage(1001, LogLevel.Information, "Listener {ListenerId} stopped")]
    public static partial void Stopped(ILogger logger, string listenerId);

    [LoggerMessage(1002, LogLevel.Error, "Listener {ListenerId} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string listenerId, string reason, Exception? exception);

    [LoggerMessage(1003, LogLevel.Information, "Listener {ListenerId} updated in place")]
    public static partial void Updated(ILogger logger, string listenerId);

    [LoggerMessage(1004, LogLevel.Debug, "Listener {ListenerId} refused {RemoteAddress} by its access rules")]
    public static partial void AccessDenied(ILogger logger, string listenerId, string remoteAddress);

    [LoggerMessage(1005, LogLevel.Information, "Listener {ListenerId} disabled")]
    public static partial void Disabled(ILogger logger, string listenerId);

    [LoggerMessage(1007, LogLevel.Debug, "Listener {ListenerId}: TLS handshake with {RemoteAddress} failed: {Reason}")]
    public static partial void TlsHandshakeFailed(ILogger logger, string listenerId, string remoteAddress, string reason);

    [LoggerMessage(1008, LogLevel.Warning, "Listener {ListenerId}: closed the connection from {RemoteAddress}: {Reason}")]
    public static partial void ProxyHeaderRefused(ILogger logger, string listenerId, string remoteAddress, string reason);
}
