using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Gateway relay messages; event IDs 1200-1299 are stable.</summary>
internal static partial class ForwardingLog
{
    [LoggerMessage(1200, LogLevel.Debug, "Connection {ConnectionId} relays API {ApiId} ({Environment}) to {Backend}")]
    public static partial void Relaying(ILogger logger, string connectionId, string apiId, string environment, string backend);

    [LoggerMessage(1201, LogLevel.Warning, "API {ApiId}: backend {Backend} unreachable: {Reason}")]
    public static partial void BackendUnreachable(ILogger logger, string apiId, string backend, string reason);

    [LoggerMessage(1202, LogLevel.Warning, "API {ApiId}: no backend reachable for a handshake; answered 502")]
    public static partial void NoBackend(ILogger logger, string apiId);

    [LoggerMessage(1203, LogLevel.Warning, "Connection {ConnectionId} lost its backend {Backend}: {Reason}; closing the client with {CloseCode}")]
    public static partial void BackendLost(ILogger logger, string connectionId, string backend, string reason, int closeCode);

    [LoggerMessage(1204, LogLevel.Information, "Connection {ConnectionId} lost backend {Failed} and continues on {Backend}")]
    public static partial void Reconnected(ILogger logger, string connectionId, string failed, string backend);

    [LoggerMessage(1205, LogLevel.Debug, "API {ApiId} refused a handshake with {Status}: {Detail}")]
    public static partial void Refused(ILogger logger, string apiId, int status, string detail);

    [LoggerMessage(1206, LogLevel.Information, "API {ApiId}: health check of {Backend} failed: {Reason}")]
    public static partial void HealthCheckFailed(ILogger logger, string apiId, string backend, string reason);

    [LoggerMessage(1207, LogLevel.Debug, "Connection {ConnectionId} tries prototyped API {ApiId}: answered by its mock, no backend")]
    public static partial void Prototype(ILogger logger, string connectionId, string apiId);
    // 1240 onwards: message schema checks.
    [LoggerMessage(1240, LogLevel.Information, "Connection {ConnectionId} (API {ApiId}, route {Route}): a {Direction} message fails its schema at '{Path}': {Reason}; {Action}")]
    public static partial void SchemaFailed(ILogger logger, string connectionId, string apiId, string route, string direction, string path, string reason, string action);

    [LoggerMessage(1241, LogLevel.Warning, "Connection {ConnectionId}: the schema error message to the backend was not sent")]
    public static partial void SchemaReplyFailed(ILogger logger, string connectionId, Exception exception);
}
