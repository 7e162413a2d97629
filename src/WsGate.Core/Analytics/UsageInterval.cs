namespace WsGate.Analytics;

/// <summary>The time buckets of a usage query; <see cref="Total"/> is one bucket for the whole range.</summary>
public enum UsageInterval
{
    Minute,
    Hour,
    Day,
    Total,
}
