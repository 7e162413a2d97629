using WsGate.Storage.Postgres;
using WsGate.Storage.Sqlite;

namespace WsGate.Storage.Sql;

/// <summary>
/// What differs between the backends in the statements they share: how a time is written, read back and truncated, and
/// the name of the case-insensitive collation. SQLite keeps times as sortable UTC ISO 8601 text (<see cref="SqlTime"/>),
/// PostgreSQL as TIMESTAMPTZ (<see cref="PgTime"/>). Everything else those statements need is plain SQL both accept
/// (<c>CAST(@x AS TEXT) IS NULL</c> for optional filters, <c>CAST(… AS BIGINT)</c>, <c>ON CONFLICT</c> with a table
/// alias, grouping by position); statements that really differ stay in each backend's own store.
/// </summary>
internal sealed class SqlDialect
{
    private readonly Func<DateTimeOffset, object> _writeTime;
    private readonly Func<object, DateTimeOffset> _readTime;
    private readonly Func<string, string, string> _truncateTime;

    private SqlDialect(
        Func<DateTimeOffset, object> writeTime,
        Func<object, DateTimeOffset> readTime,
        Func<string, string, string> truncateTime,
        string noCase,
        string timeType)
    {
        _writeTime = writeTime;
        _readTime = readTime;
        _truncateTime = truncateTime;
        NoCase = noCase;
        TimeType = timeType;
    }

    // SQLite's times are whole-minute keys in the sortable text form, so an hour or a day is a prefix of one.
    public static SqlDialect Sqlite { get; } = new(
        t => SqlTime.Format(t),
        v => SqlTime.Parse((string)v),
        (column, unit) => unit == "hour" ? $"substr({column}, 1, 13) || ':00:00.0000000Z'" : $"substr({column}, 1, 10) || 'T00:00:00.0000000Z'",
        "NOCASE",
        "TEXT");

    // Truncated in UTC whatever the session's time zone.
    public static SqlDialect Postgres { get; } = new(
        t => PgTime.Write(t),
        v => PgTime.Read((DateTime)v),
        (column, unit) => $"date_trunc('{unit}', {column}, 'UTC')",
        "wsgate_nocase",
        "timestamptz");

    /// <summary>The collation that compares names ignoring case (SQLite's built-in one; a migration creates PostgreSQL's).</summary>
    public string NoCase { get; }

    /// <summary>The SQL type of a time column: what an optional time parameter is cast to before <c>IS NULL</c>.</summary>
    public string TimeType { get; }

    /// <summary>
    /// SQL keeping rows whose time <paramref name="column"/> lies in the optional window <c>@From</c> (inclusive) to
    /// <c>@To</c> (exclusive); a null bound leaves that side open.
    /// </summary>
    public string OptionalWindow(string column) =>
        $"(CAST(@From AS {TimeType}) IS NULL OR {column} >= @From) AND (CAST(@To AS {TimeType}) IS NULL OR {column} < @To)";

    /// <summary>SQL truncating the time <paramref name="column"/> to the start of its <c>hour</c> or <c>day</c> (UTC).</summary>
    public string TruncateTime(string column, string unit) => _truncateTime(column, unit);

    /// <summary>A time as the backend's parameter value.</summary>
    public object Time(DateTimeOffset value) => _writeTime(value);

    /// <summary>A time column as the backend returns it (text or <see cref="DateTime"/>).</summary>
    public DateTimeOffset ReadTime(object value) => _readTime(value);

    public DateTimeOffset? ReadOptionalTime(object? value) => value is null ? null : _readTime(value);
}
