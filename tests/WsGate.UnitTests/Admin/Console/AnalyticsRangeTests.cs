using WsGate.Admin.Console.Analytics;
using WsGate.Analytics;

namespace WsGate.UnitTests.Admin.Console;

public sealed class AnalyticsRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 15, 42, TimeSpan.Zero);

    [Theory]
    [InlineData("1h", 1, UsageInterval.Minute)]
    [InlineData(null, 1, UsageInterval.Minute)]
    [InlineData("24h", 24, UsageInterval.Hour)]
    [InlineData("7d", 168, UsageInterval.Hour)]
    public void Parse_Preset_EndsAtTheEndOfTheCurrentMinute(string? range, int hours, UsageInterval interval)
    {
        var window = AnalyticsRange.Parse(range, null, null, Now, out _, out var error);

        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 16, 0, TimeSpan.Zero), window.To);
        Assert.Equal(TimeSpan.FromHours(hours), window.To - window.From);
        Assert.Equal(interval, window.Interval);
    }

    [Fact]
    public void Parse_CustomMonth_DayBucketsInUtc()
    {
        var window = AnalyticsRange.Parse("custom", "2026-10-01T00:00", "2026-11-01T00:00", Now, out _, out var error);

        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), window.From);
        Assert.Equal(UsageInterval.Day, window.Interval);
    }

    [Fact]
    public void Parse_CustomEndsBeforeItStarts_ErrorOnFromAndLastHourShown()
    {
        var window = AnalyticsRange.Parse("custom", "2026-01-02T00:00", "2026-01-01T00:00", Now, out var field, out var error);

        Assert.Equal("From", field);
        Assert.Equal("must be before to", error);
        Assert.Equal(TimeSpan.FromHours(1), window.To - window.From);
    }

    [Fact]
    public void Parse_CustomToNotATime_ErrorOnTo()
    {
        AnalyticsRange.Parse("custom", "2026-01-01T00:00", "soon", Now, out var field, out var error);

        Assert.Equal("To", field);
        Assert.Contains("'soon' is not a time", error, StringComparison.Ordinal);
    }
}
