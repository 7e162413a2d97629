namespace WsGate.LoadGen.Reports;

/// <summary>The result of an echo run. Rates and latencies cover the measured window only (after warm-up).</summary>
public sealed record EchoReport
{
    public string Mode { get; init; } = "echo";
    public required string Url { get; init; }
    public required int Connections { get; init; }
    public required string SourceAddresses { get; init; }
    public required int MessageBytes { get; init; }
    public required double WarmupSeconds { get; init; }
    public required double MeasuredSeconds { get; init; }
    public required double ConnectSeconds { get; init; }
    public required long Messages { get; init; }
    public required double MessagesPerSecond { get; init; }

    /// <summary>Payload mebibytes per second in each direction.</summary>
    public required double MebibytesPerSecond { get; init; }

    public required LatencyReport LatencyUs { get; init; }

    /// <summary>Managed bytes allocated in the whole process during the measured window, per message: 0 when the hot loop does not allocate.</summary>
    public required double AllocatedBytesPerMessage { get; init; }

    /// <summary>Processes whose CPU time was measured (<c>--watch-pids</c>), e.g. the proxy under test.</summary>
    public IReadOnlyList<int> WatchedPids { get; init; } = [];

    /// <summary>User + system seconds the watched processes used during the measured window.</summary>
    public double? WatchedCpuSeconds { get; init; }

    public double? WatchedCpuSecondsPerMillionMessages { get; init; }

    /// <summary>Bytes the <c>--watch-metrics</c> process allocated on its GC heap during the window, per message.</summary>
    public double? WatchedAllocatedBytesPerMessage { get; init; }

    public required int FailedConnections { get; init; }
    public required int ConnectionErrors { get; init; }
    public required int ClosedClean { get; init; }
    public string? FirstError { get; init; }
}
