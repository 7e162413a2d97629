using WsGate.Analytics;

namespace WsGate.Admin.Api;

/// <summary>One bucket of usage as the admin API shows it: "none" dimensions (no API, anonymous) read as an empty string.</summary>
public sealed record UsagePointView(
    DateTimeOffset? Start,
    string? Group,
    long MessagesIn,
    long MessagesOut,
    long BytesIn,
    long BytesOut,
    long ConnectionsOpened,
    long ConnectionsClosed,
    long Errors,
    long Throttled)
{
    public static UsagePointView From(UsagePoint point) => new(
        point.Start,
        point.Group,
        point.Counts.MessagesIn,
        point.Counts.MessagesOut,
        point.Counts.BytesIn,
        point.Counts.BytesOut,
        point.Counts.ConnectionsOpened,
        point.Counts.ConnectionsClosed,
        point.Counts.Errors,
        point.Counts.Throttled);
}
