namespace WsGate.Analytics;

/// <summary>A metric as the Prometheus text format shows it: a name, help, a type (counter, gauge, histogram) and its samples.</summary>
public sealed record MetricFamily(string Name, string Help, string Type, IReadOnlyList<MetricSample> Samples);
