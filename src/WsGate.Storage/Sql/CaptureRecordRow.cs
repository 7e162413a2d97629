namespace WsGate.Storage.Sql;

/// <summary>One row of <c>capture_records</c>.</summary>
internal sealed class CaptureRecordRow
{
    public string CaptureId { get; init; } = "";

    public long Seq { get; init; }

    public object At { get; init; } = "";

    public string Kind { get; init; } = "";

    public string? Direction { get; init; }

    public string? Opcode { get; init; }

    public string ConnectionId { get; init; } = "";

    public string? Payload { get; init; }

    public long Size { get; init; }

    public string? Withheld { get; init; }
}
