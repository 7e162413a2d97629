using WsGate.Storage.Postgres;
using WsGate.Storage.Sqlite;

namespace WsGate.Storage.Sql;

/// <summary>
/// What differs between the backends in the statements they share: how a time is written and read back. SQLite keeps
/// times as sortable UTC ISO 8601 text (<see cref="SqlTime"/>), PostgreSQL as TIMESTAMPTZ (<see cref="PgTime"/>).
/// Everything else those statements need is plain SQL both accept (<c>CAST(@x AS TEXT) IS NULL</c> for optional
/// filters, <c>ON CONFLICT</c>); statements that really differ stay in each backend's own store.
/// </summary>
internal sealed class SqlDialect
{
    private readonly Func<DateTimeOffset, object> _writeTime;
    private readonly Func<object, DateTimeOffset> _readTime;

    private SqlDialect(Func<DateTimeOffset, object> writeTime, Func<object, DateTimeOffset> readTime)
    {
        _writeTime = writeTime;
        _readTime = readTime;
    }

    public static SqlDialect Sqlite { get; } = new(t => SqlTime.Format(t), v => SqlTime.Parse((string)v));

    public static SqlDialect Postgres { get; } = new(t => PgTime.Write(t), v => PgTime.Read((DateTime)v));

    /// <summary>A time as the backend's parameter value.</summary>
    public object Time(DateTimeOffset value) => _writeTime(value);

    /// <summary>A time column as the backend returns it (text or <see cref="DateTime"/>).</summary>
    public DateTimeOffset ReadTime(object value) => _readTime(value);

    public DateTimeOffset? ReadOptionalTime(object? value) => value is null ? null : _readTime(value);
}
