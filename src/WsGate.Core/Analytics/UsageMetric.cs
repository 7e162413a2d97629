namespace WsGate.Analytics;

/// <summary>What top consumers are ranked by.</summary>
public enum UsageMetric
{
    Messages,
    Bytes,
    Connections,
    Errors,
    Throttled,
}
