using WsGate.Analytics;

namespace WsGate.Storage.Sql;

/// <summary>
/// One summed row of usage. Settable properties rather than a constructor: a NULL column (no bucket, no group) has no
/// type to match a constructor by; the bucket is read as object because SQLite returns it as text, PostgreSQL as a time.
/// </summary>
internal sealed class UsagePointRow
{
    public object? Bucket { get; init; }

    public string? GroupValue { get; init; }

    public long MessagesIn { get; init; }

    public long MessagesOut { get; init; }

    public long BytesIn { get; init; }

    public long BytesOut { get; init; }

    public long ConnectionsOpened { get; init; }

    public long ConnectionsClosed { get; init; }

    public long Errors { get; init; }

    public long Throttled { get; init; }

    public UsagePoint ToPoint(SqlDialect dialect) => new(
        dialect.ReadOptionalTime(Bucket),
        GroupValue,
        new UsageCounts(MessagesIn, MessagesOut, BytesIn, BytesOut, ConnectionsOpened, ConnectionsClosed, Errors, Throttled));
}
