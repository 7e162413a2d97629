namespace WsGate.Configuration.Analytics;

/// <summary>
/// Live metrics and usage analytics. Off, WsGate records nothing beyond its per-connection counters: no metric
/// aggregation, no per-minute rollups, no failure log; <c>/metrics</c> answers 404.
/// </summary>
public sealed record AnalyticsConfig
{
    public bool Enabled { get; init; } = true;

    /// <summary>Days per-minute rollups and failure log rows are kept in the store before they are deleted.</summary>
    public int RetentionDays { get; init; } = 30;

    /// <summary>Pushes the metrics to an OpenTelemetry collector when set.</summary>
    public OtlpConfig? Otlp { get; init; }
}
