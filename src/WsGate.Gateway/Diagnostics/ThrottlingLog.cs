using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Traffic control messages; event IDs 1400-1499 are stable.</summary>
internal static partial class ThrottlingLog
{
    [LoggerMessage(1400, LogLevel.Debug, "Connection {ConnectionId}: {Direction} message throttled ({Action}): {Limit}")]
    public static partial void Throttled(ILogger logger, string connectionId, string direction, string action, string limit);

    [LoggerMessage(1401, LogLevel.Information, "Connection {ConnectionId} closed with 1008: {Limit}")]
    public static partial void ClosedForRate(ILogger logger, string connectionId, string limit);

    [LoggerMessage(1402, LogLevel.Information, "Handshake refused with 429: {Detail}")]
    public static partial void ConnectionCapReached(ILogger logger, string detail);

    [LoggerMessage(1403, LogLevel.Information, "Connection {ConnectionId}: outbound queue full ({Messages} messages, {Bytes} bytes); closing with {CloseStatus}")]
    public static partial void QueueOverflowClosed(ILogger logger, string connectionId, int messages, long bytes, int closeStatus);

    [LoggerMessage(1404, LogLevel.Debug, "Forgot {Count} idle rate limit buckets; {Remaining} remain")]
    public static partial void BucketsSwept(ILogger logger, int count, int remaining);
}
