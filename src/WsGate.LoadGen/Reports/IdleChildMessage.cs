namespace WsGate.LoadGen.Reports;

/// <summary>One line an idle child process writes to its parent: <c>ready</c> after opening, <c>done</c> after closing.</summary>
public sealed record IdleChildMessage
{
    public required string Event { get; init; }
    public int Opened { get; init; }
    public int Failed { get; init; }
    public double OpenSeconds { get; init; }
    public int ClosedClean { get; init; }
    public int ClosedUnclean { get; init; }
    public long PingsAnswered { get; init; }
    public string? FirstError { get; init; }
}
