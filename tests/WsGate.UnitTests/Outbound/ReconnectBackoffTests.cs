using WsGate.Configuration.Outbound;
using WsGate.Outbound;

namespace WsGate.UnitTests.Outbound;

public sealed class ReconnectBackoffTests
{
    private static readonly ReconnectConfig Config = new() { Enabled = true, IntervalSeconds = 2, MaxIntervalSeconds = 30, JitterPercent = 20 };

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    public void Delay_NoJitterDrawn_DoublesUpToCeiling(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ReconnectBackoff.Delay(Config, attempt, 0));

    [Fact]
    public void Delay_FullJitterDrawn_ShortenedByAtMostThePercentage()
    {
        var delay = ReconnectBackoff.Delay(Config, 5, 0.999999);

        Assert.InRange(delay.TotalSeconds, 24, 30);
    }
}
