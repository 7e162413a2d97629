using Microsoft.Extensions.Logging;

namespace WsGate.Diagnostics;

/// <summary>Rules and bridges; event IDs 1700-1799 are stable.</summary>
internal static partial class RuleLog
{
    [LoggerMessage(1700, LogLevel.Warning, "Rule {RuleId} failed in action {ActionIndex} ({ActionType}): {Reason}")]
    public static partial void RuleFailed(ILogger logger, string ruleId, int actionIndex, string actionType, string reason, Exception? exception);

    [LoggerMessage(1701, LogLevel.Warning, "Rule queue full: an event from {Source} '{SourceId}' was dropped ({Dropped} dropped so far)")]
    public static partial void QueueFull(ILogger logger, string source, string sourceId, long dropped);

    [LoggerMessage(1702, LogLevel.Information, "Rule {RuleId}: {Text}")]
    public static partial void Logged(ILogger logger, string ruleId, string text);

    [LoggerMessage(1703, LogLevel.Warning, "Rule {RuleId}: webhook {Url} failed after {Attempts} attempt(s): {Reason}")]
    public static partial void WebhookFailed(ILogger logger, string ruleId, string url, int attempts, string reason);

    [LoggerMessage(1704, LogLevel.Debug, "Rule {RuleId}: webhook {Url} attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    public static partial void WebhookRetry(ILogger logger, string ruleId, string url, int attempt, string reason, long delayMs);

    [LoggerMessage(1706, LogLevel.Warning, "Bridge {BridgeId} failed: {Reason}")]
    public static partial void BridgeFailed(ILogger logger, string bridgeId, string reason);

    [LoggerMessage(1707, LogLevel.Warning, "Rule {RuleId}: regular expression timed out after {TimeoutMs} ms; treated as no match")]
    public static partial void RegexTimeout(ILogger logger, string ruleId, int timeoutMs);

    [LoggerMessage(1708, LogLevel.Warning, "HTTP trigger {Path} on listener {ListenerId}: rule {RuleId} did not answer in time")]
    public static partial void HttpTimeout(ILogger logger, string path, string listenerId, string ruleId);

    [LoggerMessage(1709, LogLevel.Debug, "Prototype API {ApiId}, connection {ConnectionId}: {Error}")]
    public static partial void MockUnmatched(ILogger logger, string apiId, string connectionId, string error);
}
