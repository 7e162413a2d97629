namespace WsGate.LoadGen.Reports;

/// <summary>The result of a probe: when the first WebSocket upgrade to the target succeeded.</summary>
public sealed record ProbeReport
{
    public string Mode { get; init; } = "probe";
    public required string Url { get; init; }
    public required bool Accepted { get; init; }
    public required long Attempts { get; init; }

    /// <summary>Wall-clock time of the first 101 response, in nanoseconds since the Unix epoch (for scripts to subtract their own start time).</summary>
    public required long FirstAcceptUnixNs { get; init; }

    /// <summary>Milliseconds from the probe's first attempt to the first 101.</summary>
    public required double PollingMs { get; init; }

    public string? LastError { get; init; }
}
