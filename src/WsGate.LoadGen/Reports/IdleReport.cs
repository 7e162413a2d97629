namespace WsGate.LoadGen.Reports;

/// <summary>The result of an idle run: how many connections were opened, held and closed with a clean handshake.</summary>
public sealed record IdleReport
{
    public string Mode { get; init; } = "idle";
    public required string Url { get; init; }
    public required int Connections { get; init; }
    public required string SourceAddresses { get; init; }
    public required int Processes { get; init; }
    public required int Opened { get; init; }
    public required int Failed { get; init; }
    public required double OpenSeconds { get; init; }
    public required double HoldSeconds { get; init; }
    public required int ClosedClean { get; init; }
    public required int ClosedUnclean { get; init; }
    public required long PingsAnswered { get; init; }
    public string? FirstError { get; init; }
}
