namespace WsGate.Storage.Sql;

/// <summary>One row of the audit log; the time is read as object because SQLite returns it as text, PostgreSQL as a time.</summary>
internal sealed class AuditRow
{
    public long Id { get; init; }

    public object At { get; init; } = "";

    public string Actor { get; init; } = "";

    public string? Remote { get; init; }

    public string Action { get; init; } = "";

    public string? Target { get; init; }

    public long Outcome { get; init; }
}
