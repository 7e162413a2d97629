namespace WsGate.LoadGen.Reports;

/// <summary>The result of a broadcast run: one publisher, N subscribers spread over the target URLs (nodes).</summary>
public sealed record BroadcastReport
{
    public string Mode { get; init; } = "broadcast";
    public required string Publisher { get; init; }
    public required IReadOnlyList<string> SubscriberUrls { get; init; }
    public required int Subscribers { get; init; }
    public required int Published { get; init; }
    public required double PublishSeconds { get; init; }

    /// <summary>Published x subscribers: what exactly-once delivery means.</summary>
    public required long Expected { get; init; }
    public required long Delivered { get; init; }

    /// <summary>Deliveries per second, from the first publish to the last delivery.</summary>
    public required double DeliveriesPerSecond { get; init; }

    /// <summary>Publish to delivery, per subscriber URL and over all.</summary>
    public required LatencyReport Latency { get; init; }
    public required IReadOnlyList<LatencyReport> LatencyPerUrl { get; init; }
    public string? Error { get; init; }
}
