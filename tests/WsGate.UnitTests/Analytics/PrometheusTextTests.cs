using WsGate.Analytics;
using WsGate.Testing;

namespace WsGate.UnitTests.Analytics;

public sealed class PrometheusTextTests
{
    private static MetricSample Sample(double value, string suffix = "", params (string Key, string Value)[] labels) =>
        new(suffix, labels.Select(l => KeyValuePair.Create(l.Key, l.Value)).ToList(), value);

    [Fact]
    public void Write_CounterWithLabels_IsHelpTypeThenOneLinePerSample()
    {
        var text = PrometheusText.Write([new MetricFamily("wsgate_connections_opened_total", "Connections accepted", "counter", [
            Sample(3, "", ("api", "quotes"), ("listener", "default")),
            Sample(1, "", ("api", ""), ("listener", "default")),
        ])]);

        Assert.Equal(
            "# HELP wsgate_connections_opened_total Connections accepted\n"
            + "# TYPE wsgate_connections_opened_total counter\n"
            + "wsgate_connections_opened_total{api=\"quotes\",listener=\"default\"} 3\n"
            + "wsgate_connections_opened_total{api=\"\",listener=\"default\"} 1\n",
            text);
        Assert.Equal(2, PrometheusFormat.Parse(text)["wsgate_connections_opened_total"].Samples.Count);
    }

    [Fact]
    public void Write_LabelValueWithQuoteBackslashAndNewline_IsEscaped()
    {
        var text = PrometheusText.Write([new MetricFamily("m", "help with \\ and\nnewline and \"quotes\"", "gauge", [Sample(1, "", ("l", "a\"b\\c\nd"))])]);

        var lines = text.Split('\n');
        Assert.Equal("# HELP m help with \\\\ and\\nnewline and \"quotes\"", lines[0]);
        Assert.Equal("m{l=\"a\\\"b\\\\c\\nd\"} 1", lines[2]);
        var parsed = PrometheusFormat.Parse(text)["m"];
        Assert.Equal("a\"b\\c\nd", parsed.Samples[0].Labels["l"]);
    }

    [Fact]
    public void Write_InvalidNames_AreSanitized()
    {
        var text = PrometheusText.Write([new MetricFamily("wsgate.relay-duration", "x", "gauge", [Sample(0.5, "", ("bad-label.name", "v"))])]);

        Assert.Contains("wsgate_relay_duration{bad_label_name=\"v\"} 0.5\n", text, StringComparison.Ordinal);
        PrometheusFormat.Parse(text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(42d, "42")]
    public void FormatValue_SpecialAndOrdinaryValues_AreGoFloats(double value, string expected)
    {
        Assert.Equal(expected, PrometheusText.FormatValue(value));
    }

    [Fact]
    public void Parse_BrokenExpositions_AreRejected()
    {
        Assert.Throws<FormatException>(() => PrometheusFormat.Parse("m{l=\"a\"b\"} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusFormat.Parse("# TYPE m counter\nm -1\n"));
        Assert.Throws<FormatException>(() => PrometheusFormat.Parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"));
        Assert.Throws<FormatException>(() => PrometheusFormat.Parse("1m 1\n"));
        Assert.Throws<FormatException>(() => PrometheusFormat.Parse("m 1"));
    }
}
