using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Outbound client messages; event IDs 1600-1699 are stable.</summary>
internal static partial class OutboundLog
{
    [LoggerMessage(1600, LogLevel.Information, "Outbound client {ClientId} connected to {Url}")]
    public static partial void Connected(ILogger logger, string clientId, string url);

    [LoggerMessage(1601, LogLevel.Warning, "Outbound client {ClientId} could not connect to {Url}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string clientId, string url, string reason);

    [LoggerMessage(1602, LogLevel.Information, "Outbound client {ClientId} disconnected: {Reason}")]
    public static partial void Disconnected(ILogger logger, string clientId, string reason);

    [LoggerMessage(1603, LogLevel.Information, "Outbound client {ClientId} reconnects in {DelayMs} ms (attempt {Attempt})")]
    public static partial void BackingOff(ILogger logger, string clientId, long delayMs, int attempt);

    [LoggerMessage(1604, LogLevel.Information, "Outbound client {ClientId} stopped")]
    public static partial void Stopped(ILogger logger, string clientId);

    [LoggerMessage(1605, LogLevel.Warning, "Outbound client {ClientId}: the server broke the protocol ({Reason}); connection closed")]
    public static partial void ProtocolError(ILogger logger, string clientId, string reason);

    [LoggerMessage(1606, LogLevel.Debug, "Content routing of API {ApiId}: connection {ConnectionId} opened route '{Route}' to {Backend}")]
    public static partial void RouteOpened(ILogger logger, string apiId, string connectionId, string route, string backend);

    [LoggerMessage(1607, LogLevel.Warning, "Content routing of API {ApiId}: no backend of route '{Route}' accepted: {Reason}")]
    public static partial void RouteUnreachable(ILogger logger, string apiId, string route, string reason);

    [LoggerMessage(1608, LogLevel.Debug, "Content routing of API {ApiId}: connection {ConnectionId} sent a message that selects no route")]
    public static partial void Unrouted(ILogger logger, string apiId, string connectionId);

    [LoggerMessage(1609, LogLevel.Information, "Content routing of API {ApiId}: connection {ConnectionId} lost route '{Route}': {Reason}")]
    public static partial void RouteLost(ILogger logger, string apiId, string connectionId, string route, string reason);
}
