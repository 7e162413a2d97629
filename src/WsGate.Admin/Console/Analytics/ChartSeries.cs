namespace WsGate.Admin.Console.Analytics;

/// <summary>One line of a <see cref="UsageChart"/>: its group, colour, SVG path and total over the range.</summary>
public sealed record ChartSeries(string Name, string Color, string Path, long Total);
