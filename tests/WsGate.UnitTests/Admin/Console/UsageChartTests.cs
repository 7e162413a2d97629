using WsGate.Admin.Console.Analytics;
using WsGate.Analytics;

namespace WsGate.UnitTests.Admin.Console;

public sealed class UsageChartTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static UsagePoint Point(int minute, string? group, long messagesIn) =>
        new(From.AddMinutes(minute), group, new UsageCounts(MessagesIn: messagesIn));

    [Fact]
    public void Build_MissingBuckets_CountAsZero()
    {
        var chart = UsageChart.Build("m", [Point(1, "chat", 10)], From, From.AddMinutes(3), TimeSpan.FromMinutes(1), c => c.MessagesIn, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var series = Assert.Single(chart.Series);
        Assert.Equal("chat", series.Name);
        Assert.Equal(10, series.Total);
        // Three buckets: 0, 10 (the top of the chart), 0.
        Assert.Equal(3, series.Path.Count(c => c is 'M' or 'L'));
        Assert.Contains($",{UsageChart.Top}L", series.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MoreGroupsThanLines_RestSummedAsOther()
    {
        var points = Enumerable.Range(0, UsageChart.MaxLines + 2).Select(i => Point(0, "g" + i, 100 - i)).ToList();

        var chart = UsageChart.Build("m", points, From, From.AddMinutes(1), TimeSpan.FromMinutes(1), c => c.MessagesIn, v => "");

        Assert.Equal(UsageChart.MaxLines, chart.Series.Count);
        Assert.Equal("g0", chart.Series[0].Name);
        var other = chart.Series[^1];
        Assert.Equal("other (3)", other.Name);
        Assert.Equal(95 + 94 + 93, other.Total);
    }

    [Fact]
    public void Build_NoneGroupAndNoTraffic_NamedNoneAndEmptyChart()
    {
        var chart = UsageChart.Build("m", [Point(0, "", 1)], From, From.AddMinutes(2), TimeSpan.FromMinutes(1), c => c.MessagesIn, v => "");
        var empty = UsageChart.Build("m", [], From, From.AddMinutes(2), TimeSpan.FromMinutes(1), c => c.MessagesIn, v => "");

        Assert.Equal("(none)", Assert.Single(chart.Series).Name);
        Assert.True(empty.IsEmpty);
    }

    [Fact]
    public void BucketStarts_FromMidHour_AlignedToTheHourInUtc()
    {
        var starts = UsageChart.BucketStarts(new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal([new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero)], starts);
    }

    [Theory]
    [InlineData(7, 10)]
    [InlineData(10, 10)]
    [InlineData(11, 20)]
    [InlineData(230, 250)]
    [InlineData(4100, 5000)]
    public void NiceCeiling_Value_RoundScaleTop(double value, double expected) => Assert.Equal(expected, UsageChart.NiceCeiling(value));

    [Theory]
    [InlineData(999, "", "999")]
    [InlineData(1500, "", "1.5k")]
    [InlineData(2_000_000, "B", "2MB")]
    public void Compact_Value_ShortText(double value, string unit, string expected) => Assert.Equal(expected, UsageChart.Compact(value, unit));
}
