using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Message captures; event IDs 2000-2099 are stable.</summary>
internal static partial class CaptureLog
{
    [LoggerMessage(2000, LogLevel.Information, "Capture {CaptureId} started on API {ApiId} by {User}")]
    public static partial void Started(ILogger logger, string captureId, string apiId, string user);

    [LoggerMessage(2001, LogLevel.Information, "Capture {CaptureId} stopped: {Reason} ({Messages} messages, {Bytes} bytes)")]
    public static partial void Stopped(ILogger logger, string captureId, string reason, long messages, long bytes);

    [LoggerMessage(2002, LogLevel.Warning, "Capture {CaptureId} stopped: its writer fell behind the messages it captured")]
    public static partial void WriterBehind(ILogger logger, string captureId);

    [LoggerMessage(2003, LogLevel.Warning, "Capture records could not be written ({Count} records of {Captures} capture(s)); those captures stop")]
    public static partial void WriteFailed(ILogger logger, int count, int captures, Exception exception);

    [LoggerMessage(2004, LogLevel.Information, "{Count} capture(s) left running by an earlier start were marked stopped")]
    public static partial void StaleStopped(ILogger logger, int count);
}
