using WsGate.Configuration.Throttling;
using WsGate.Testing;
using WsGate.Throttling;

namespace WsGate.UnitTests.Throttling;

public sealed class RateLimitBucketsTests
{
    private const int Piece = 16 * 1024;
    private readonly ManualTimeProvider _clock = new();

    private RateLimitBuckets Buckets(long messages = 0, long bytes = 0, int windowMs = 1000, long burst = 0) =>
        new(new RateLimitConfig { MessagesPerWindow = messages, BytesPerWindow = bytes, WindowMs = windowMs, Burst = burst }, _clock);

    private bool TryTake(RateLimitBuckets buckets, bool startsMessage = true, long bytes = 0) =>
        buckets.TryTake(startsMessage, bytes, _clock.GetTimestamp(), out _);

    private TimeSpan Refusal(RateLimitBuckets buckets, bool startsMessage = true, long bytes = 0)
    {
        Assert.False(buckets.TryTake(startsMessage, bytes, _clock.GetTimestamp(), out var retryAfter));
        return retryAfter;
    }

    private int Admitted(RateLimitBuckets buckets, int attempts, long bytes = 0) =>
        Enumerable.Range(0, attempts).Count(_ => TryTake(buckets, bytes: bytes));

    [Fact]
    public void TryTake_FreshWindowWithoutBurst_WholeAllowanceAtOnceThenRetryAfterOneMessagesTime()
    {
        var buckets = Buckets(messages: 120, windowMs: 60_000);

        Assert.Equal(120, Admitted(buckets, 200));
        Assert.Equal(TimeSpan.FromMilliseconds(500), Refusal(buckets));
    }

    [Fact]
    public void TryTake_TimePasses_RefillsInProportion()
    {
        var buckets = Buckets(messages: 10, windowMs: 10_000);
        Assert.Equal(10, Admitted(buckets, 10));

        _clock.Advance(TimeSpan.FromMilliseconds(2500));

        Assert.Equal(2, Admitted(buckets, 10));
        Assert.Equal(TimeSpan.FromMilliseconds(500), Refusal(buckets));
    }

    [Fact]
    public void TryTake_LongIdle_NoMoreThanOneWindowsAllowance()
    {
        var buckets = Buckets(messages: 10, windowMs: 1000);
        Assert.Equal(10, Admitted(buckets, 10));

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(10, Admitted(buckets, 20));
    }

    [Fact]
    public void TryTake_Burst_OnlyTheBurstAtOnceThenTheWindowsRate()
    {
        var buckets = Buckets(messages: 60, windowMs: 60_000, burst: 5);

        Assert.Equal(5, Admitted(buckets, 60));
        Assert.Equal(TimeSpan.FromSeconds(1), Refusal(buckets));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Admitted(buckets, 60));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(5, Admitted(buckets, 60));
    }

    [Fact]
    public void TryTake_FrameThatContinuesAMessage_TakesNoMessageToken()
    {
        var buckets = Buckets(messages: 1);
        Assert.True(TryTake(buckets));

        Assert.True(TryTake(buckets, startsMessage: false));
        Assert.True(TryTake(buckets, startsMessage: false));
        Refusal(buckets);
    }

    [Fact]
    public void TryTake_Bytes_ChargedUpToTheWindowsAllowance()
    {
        var buckets = Buckets(bytes: 2 * Piece, windowMs: 1000);

        Assert.True(TryTake(buckets, bytes: Piece));
        Assert.True(TryTake(buckets, startsMessage: false, bytes: Piece));

        Assert.Equal(TimeSpan.FromMilliseconds(500), Refusal(buckets, startsMessage: false, bytes: Piece));
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(TryTake(buckets, startsMessage: false, bytes: Piece));
    }

    [Fact]
    public void TryTake_BytesRefused_MessageTokenGivenBackAndBytesWaitSaid()
    {
        var buckets = Buckets(messages: 2, bytes: Piece, windowMs: 1000);
        Assert.True(TryTake(buckets, bytes: Piece));

        var retryAfter = Refusal(buckets, bytes: Piece);

        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);

        // The first message took one token of two; the refused one's came back. The clock has not moved.
        Assert.True(buckets.Messages!.TryTake(1, out _));
        Assert.False(buckets.Messages.TryTake(1, out _));
    }

    [Fact]
    public void TryTake_MessageRefused_NoBytesTaken()
    {
        var buckets = Buckets(messages: 1, bytes: Piece, windowMs: 60_000);
        Assert.True(TryTake(buckets, bytes: 1));

        Refusal(buckets, bytes: Piece - 1);

        Assert.True(TryTake(buckets, startsMessage: false, bytes: Piece - 1));
    }

    [Fact]
    public void TryTake_FrameLargerThanTheByteBucket_AdmittedWhenFullAndRepaidAtTheRate()
    {
        // The frames relay charges a frame's whole payload at its header: one larger than the bucket must still get through.
        var buckets = Buckets(bytes: Piece, windowMs: 1000);

        Assert.True(TryTake(buckets, bytes: 3 * Piece));

        Assert.Equal(TimeSpan.FromSeconds(3), Refusal(buckets, startsMessage: false, bytes: Piece));
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(TryTake(buckets, startsMessage: false, bytes: Piece));
    }

    [Fact]
    public void TryTake_FrameLargerThanAClusterShare_AdmittedWhenTheShareIsFull()
    {
        var buckets = Buckets(bytes: 4 * Piece, windowMs: 1000);
        buckets.SetShare(0.5);
        Assert.True(TryTake(buckets, bytes: Piece));

        Assert.Equal(TimeSpan.FromSeconds(0.5), Refusal(buckets, bytes: 3 * Piece));
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(TryTake(buckets, bytes: 3 * Piece));
    }

    [Fact]
    public void TryTake_NoByteLimit_AnySizeAdmitted()
    {
        var buckets = Buckets(messages: 2);

        Assert.Null(buckets.Bytes);
        Assert.True(TryTake(buckets, bytes: long.MaxValue));
    }

    [Fact]
    public void TryTake_NoMessageLimit_OnlyBytesCount()
    {
        var buckets = Buckets(bytes: Piece);

        Assert.Null(buckets.Messages);
        Assert.Equal(Piece, Admitted(buckets, Piece * 2, bytes: 1));
    }

    [Fact]
    public void TryTake_RefusedOrNot_MarksTheBucketsUsed()
    {
        var buckets = Buckets(messages: 1, windowMs: 60_000);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), buckets.SinceLastUse);

        Assert.True(TryTake(buckets));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Refusal(buckets);

        Assert.Equal(TimeSpan.Zero, buckets.SinceLastUse);
    }

    [Fact]
    public void TakeAdmitted_AfterSomeFrames_AdmittedOnlyAndThenZero()
    {
        var buckets = Buckets(messages: 3);
        Assert.Equal(3, Admitted(buckets, 5));

        Assert.Equal(3, buckets.TakeAdmitted());
        Assert.Equal(0, buckets.TakeAdmitted());
    }

    [Fact]
    public void Refund_FrameRefusedByAnotherLimit_TokensBack()
    {
        var buckets = Buckets(messages: 1, bytes: Piece);
        Assert.True(TryTake(buckets, bytes: Piece));
        Assert.False(buckets.IsFull);

        buckets.Refund(startsMessage: true, Piece);

        Assert.True(buckets.IsFull);
        Assert.True(TryTake(buckets, bytes: Piece));
    }

    [Fact]
    public void IsFull_AfterUseAndRefill_TrueAgain()
    {
        var buckets = Buckets(messages: 10, bytes: Piece, windowMs: 1000);
        Assert.True(buckets.IsFull);
        Assert.True(TryTake(buckets, bytes: 100));
        Assert.False(buckets.IsFull);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(buckets.IsFull);
    }

    [Fact]
    public void SetShare_Half_HalfTheAllowanceAndHalfTheRate()
    {
        var buckets = Buckets(messages: 10, windowMs: 1000);

        buckets.SetShare(0.5);

        Assert.Equal(0.5, buckets.Share);
        Assert.Equal(5, Admitted(buckets, 10));
        Assert.Equal(TimeSpan.FromMilliseconds(200), Refusal(buckets));
    }

    [Fact]
    public void SetShare_Small_StillOneMessageAndOneFramePiece()
    {
        // A quarter of 2 messages and 16 KiB a second: half a message and 4 KiB, but a bucket must hold what one take needs.
        var buckets = Buckets(messages: 2, bytes: Piece, windowMs: 1000);

        buckets.SetShare(0.25);

        Assert.True(TryTake(buckets, bytes: Piece));
        Assert.Equal(TimeSpan.FromSeconds(2), Refusal(buckets));
        Assert.Equal(TimeSpan.FromSeconds(4), Refusal(buckets, startsMessage: false, bytes: Piece));
    }

    [Fact]
    public void SetShare_WholeAgain_RefillsAtTheFullRate()
    {
        var buckets = Buckets(messages: 10, windowMs: 1000);
        buckets.SetShare(0.5);
        Assert.Equal(5, Admitted(buckets, 10));

        buckets.SetShare(1);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1.0, buckets.Share);
        Assert.Equal(10, Admitted(buckets, 20));
    }
}
