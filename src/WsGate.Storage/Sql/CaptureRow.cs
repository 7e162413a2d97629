namespace WsGate.Storage.Sql;

/// <summary>One row of <c>captures</c>; times are read as object because SQLite returns them as text, PostgreSQL as times.</summary>
internal sealed class CaptureRow
{
    public string Id { get; init; } = "";

    public string Request { get; init; } = "";

    public string State { get; init; } = "";

    public string? StopReason { get; init; }

    public object StartedAt { get; init; } = "";

    public object? StoppedAt { get; init; }

    public long Messages { get; init; }

    public long Bytes { get; init; }

    public long Sampled { get; init; }

    public string? CreatedBy { get; init; }

    public string NodeId { get; init; } = "";
}
