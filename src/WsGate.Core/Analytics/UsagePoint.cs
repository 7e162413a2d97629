namespace WsGate.Analytics;

/// <summary>
/// One bucket of a usage query: its start (null for <see cref="UsageInterval.Total"/>), the group value (null when not
/// grouped; empty for "none") and the summed counters.
/// </summary>
public sealed record UsagePoint(DateTimeOffset? Start, string? Group, UsageCounts Counts);
