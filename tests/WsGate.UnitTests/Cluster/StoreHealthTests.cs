using WsGate.Cluster;

namespace WsGate.UnitTests.Cluster;

public sealed class StoreHealthTests
{
    [Fact]
    public void ReportReachable_OnlyOneOfTwoSourcesRecovered_StaysUnreachable()
    {
        var health = new StoreHealth();

        Assert.True(health.ReportUnreachable("heartbeat", "connection refused"));
        Assert.False(health.ReportUnreachable("config feed", "connection refused"));
        Assert.False(health.ReportReachable("heartbeat"));

        Assert.False(health.IsReachable);
        Assert.Equal("connection refused", health.Problem);
        Assert.True(health.ReportReachable("config feed"));
        Assert.True(health.IsReachable);
        Assert.Null(health.Problem);
    }

    [Fact]
    public void ReportReachable_SourceThatHadNoProblem_ChangesNothing()
    {
        var health = new StoreHealth();

        Assert.False(health.ReportReachable("heartbeat"));
        Assert.True(health.IsReachable);
    }
}
