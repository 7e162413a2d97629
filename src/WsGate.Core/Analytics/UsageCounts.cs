namespace WsGate.Analytics;

/// <summary>The counters a rollup holds; every one is a count of events, never negative.</summary>
public sealed record UsageCounts(
    long MessagesIn = 0,
    long MessagesOut = 0,
    long BytesIn = 0,
    long BytesOut = 0,
    long ConnectionsOpened = 0,
    long ConnectionsClosed = 0,
    long Errors = 0,
    long Throttled = 0)
{
    public static UsageCounts Zero { get; } = new();

    public bool IsZero => this == Zero;

    public UsageCounts Add(UsageCounts other) => new(
        MessagesIn + other.MessagesIn,
        MessagesOut + other.MessagesOut,
        BytesIn + other.BytesIn,
        BytesOut + other.BytesOut,
        ConnectionsOpened + other.ConnectionsOpened,
        ConnectionsClosed + other.ConnectionsClosed,
        Errors + other.Errors,
        Throttled + other.Throttled);
}
