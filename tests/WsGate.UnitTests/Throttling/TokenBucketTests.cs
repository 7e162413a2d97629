using WsGate.Testing;
using WsGate.Throttling;

namespace WsGate.UnitTests.Throttling;

public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_Empty_SaysWhenTokensReturnAndRefillsWithTime()
    {
        var clock = new ManualTimeProvider();
        var bucket = new TokenBucket(rate: 2, capacity: 2, clock);
        Assert.True(bucket.TryTake(2, out _));

        Assert.False(bucket.TryTake(1, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryAfter);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(bucket.TryTake(1, out _));
    }

    [Fact]
    public void TryTake_MoreThanTheCapacity_AdmittedOnceFullAndOwedTokensRepaidFirst()
    {
        var clock = new ManualTimeProvider();
        var bucket = new TokenBucket(rate: 10, capacity: 10, clock);
        Assert.True(bucket.TryTake(5, out _));

        Assert.False(bucket.TryTake(25, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryAfter);
        clock.Advance(retryAfter);

        // Full after the wait it named: the take that can never fit passes, leaving 15 tokens owed.
        Assert.True(bucket.TryTake(25, out _));
        Assert.False(bucket.IsFull);
        Assert.False(bucket.TryTake(1, out var owed));
        Assert.Equal(TimeSpan.FromSeconds(1.6), owed);
        clock.Advance(owed);
        Assert.True(bucket.TryTake(1, out _));
    }

    [Fact]
    public void Refund_AboveCapacity_CappedAtCapacity()
    {
        var bucket = new TokenBucket(rate: 1, capacity: 3, new ManualTimeProvider());
        Assert.True(bucket.TryTake(1, out _));

        bucket.Refund(10);

        Assert.True(bucket.IsFull);
        Assert.True(bucket.TryTake(3, out _));
        Assert.False(bucket.TryTake(1, out _));
    }

    [Fact]
    public void SetShare_Half_HalvesRateAndCutsTokensToTheNewCapacity()
    {
        var clock = new ManualTimeProvider();
        var bucket = new TokenBucket(rate: 10, capacity: 10, clock);

        bucket.SetShare(0.5);

        Assert.Equal((5.0, 5.0), (bucket.Rate, bucket.Capacity));
        Assert.True(bucket.TryTake(5, out _));
        Assert.False(bucket.TryTake(1, out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(200), retryAfter);
    }

    [Fact]
    public void SetShare_BackToWhole_RefillsFasterWithoutAddingTokens()
    {
        var clock = new ManualTimeProvider();
        var bucket = new TokenBucket(rate: 10, capacity: 10, clock);
        bucket.SetShare(0.5);
        Assert.True(bucket.TryTake(5, out _));

        bucket.SetShare(1);

        Assert.False(bucket.TryTake(1, out _));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(bucket.TryTake(5, out _));
        Assert.False(bucket.TryTake(1, out _));
    }

    [Fact]
    public void SetShare_BelowTheMinimumCapacity_StillAdmitsOneTake()
    {
        var bucket = new TokenBucket(rate: 1, capacity: 2, new ManualTimeProvider(), minCapacity: 1);

        bucket.SetShare(0.1);

        Assert.Equal(1, bucket.Capacity);
        Assert.True(bucket.TryTake(1, out _));
    }
}
