using WsGate.Analytics;

namespace WsGate.Storage.Sql;

/// <summary>One row of the failure log; the time is read as object because SQLite returns it as text, PostgreSQL as a time.</summary>
internal sealed class FailureRow
{
    public long Id { get; init; }

    public object At { get; init; } = "";

    public string Kind { get; init; } = "";

    public string Listener { get; init; } = "";

    public string Api { get; init; } = "";

    public string Application { get; init; } = "";

    public long? Status { get; init; }

    public string Reason { get; init; } = "";

    public FailureRecord ToRecord(SqlDialect dialect) =>
        new(Id, dialect.ReadTime(At), Kind, Listener, Api, Application, Status is { } status ? (int)status : null, Reason);
}
