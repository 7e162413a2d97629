using WsGate.LoadGen.Measurement;

namespace WsGate.LoadGen.Reports;

/// <summary>Round-trip latency summary in microseconds.</summary>
public sealed record LatencyReport(double MinUs, double MeanUs, double P50Us, double P90Us, double P99Us, double P999Us, double MaxUs)
{
    public static LatencyReport From(LatencyHistogram histogram) => new(
        Us(histogram.Min),
        Math.Round(histogram.Mean / 1000, 1),
        Us(histogram.ValueAtPercentile(50)),
        Us(histogram.ValueAtPercentile(90)),
        Us(histogram.ValueAtPercentile(99)),
        Us(histogram.ValueAtPercentile(99.9)),
        Us(histogram.Max));

    private static double Us(long nanoseconds) => Math.Round(nanoseconds / 1000.0, 1);
}
