namespace WsGate.Analytics;

/// <summary>A time range [From, To) with optional filters on each dimension (an empty filter value matches "none").</summary>
public sealed record UsageQuery(
    DateTimeOffset From,
    DateTimeOffset To,
    UsageGrouping GroupBy = UsageGrouping.None,
    UsageInterval Interval = UsageInterval.Total,
    string? Api = null,
    string? Application = null,
    string? Listener = null,
    string? Environment = null);
