using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Metrics and usage analytics messages; event IDs 1500-1599 are stable.</summary>
internal static partial class AnalyticsLog
{
    [LoggerMessage(1500, LogLevel.Debug, "Analytics flushed {Rollups} rollup rows and {Failures} failures")]
    public static partial void Flushed(ILogger logger, int rollups, int failures);

    [LoggerMessage(1501, LogLevel.Warning, "Analytics could not write {Rollups} rollup rows to the store; they are kept for the next flush: {Reason}")]
    public static partial void FlushFailed(ILogger logger, int rollups, string reason);

    [LoggerMessage(1502, LogLevel.Debug, "Analytics retention deleted {Count} rows older than {Before}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(1503, LogLevel.Information, "Metrics export over OTLP to {Endpoint} every {IntervalMs} ms")]
    public static partial void OtlpStarted(ILogger logger, string endpoint, int intervalMs);

    [LoggerMessage(1504, LogLevel.Information, "Metrics export over OTLP stopped")]
    public static partial void OtlpStopped(ILogger logger);

    [LoggerMessage(1505, LogLevel.Information, "Analytics {State}")]
    public static partial void Switched(ILogger logger, string state);

    [LoggerMessage(1506, LogLevel.Warning, "The failure log dropped {Count} failures before they were written: more than {Capacity} in one flush interval")]
    public static partial void FailuresDropped(ILogger logger, long count, int capacity);
}
