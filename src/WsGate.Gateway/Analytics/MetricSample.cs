namespace WsGate.Analytics;

/// <summary>One line of a metric family: a suffix (<c>_bucket</c>, <c>_sum</c>, <c>_count</c> or none), its labels and value.</summary>
public sealed record MetricSample(string Suffix, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value);
