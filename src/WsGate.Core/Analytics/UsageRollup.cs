namespace WsGate.Analytics;

/// <summary>One minute of traffic for one <see cref="UsageKey"/>; the store adds it to a row already there for the same minute and key.</summary>
public sealed record UsageRollup(DateTimeOffset Minute, UsageKey Key, UsageCounts Counts, IReadOnlyDictionary<int, long> CloseCodes);
