using WsGate.Analytics;

namespace WsGate.UnitTests.Analytics;

public sealed class FailureLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static FailureRecord Failure(int n) => new(0, T0.AddSeconds(n), FailureKinds.Handshake, "default", "", "", 404, $"failure {n}");

    [Fact]
    public void TakeUnwritten_AfterAdds_ReturnsThemOldestFirstOnce()
    {
        var log = new FailureLog();
        log.Add(Failure(1));
        log.Add(Failure(2));

        var (first, dropped) = log.TakeUnwritten();
        var (second, _) = log.TakeUnwritten();

        Assert.Equal(["failure 1", "failure 2"], first.Select(f => f.Reason));
        Assert.Equal(0, dropped);
        Assert.Empty(second);
        Assert.Empty(log.Unwritten());
    }

    [Fact]
    public void Add_MoreThanCapacityBetweenFlushes_KeepsTheNewestAndCountsTheDropped()
    {
        var log = new FailureLog();
        for (var i = 0; i < FailureLog.Capacity + 5; i++)
        {
            log.Add(Failure(i));
        }

        var newest = log.Unwritten();
        var (records, dropped) = log.TakeUnwritten();

        Assert.Equal($"failure {FailureLog.Capacity + 4}", newest[0].Reason);
        Assert.Equal(FailureLog.Capacity, records.Count);
        Assert.Equal("failure 5", records[0].Reason);
        Assert.Equal(5, dropped);
    }

    [Fact]
    public void Restore_AfterAFailedWrite_ReturnsTheSameRecordsNextTime()
    {
        var log = new FailureLog();
        log.Add(Failure(1));
        var (taken, _) = log.TakeUnwritten();
        log.Add(Failure(2));

        log.Restore(taken.Count);
        var (again, _) = log.TakeUnwritten();

        Assert.Equal(["failure 1", "failure 2"], again.Select(f => f.Reason));
    }
}
