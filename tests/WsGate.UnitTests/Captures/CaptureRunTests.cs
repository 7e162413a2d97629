using System.Text;
using WsGate.Captures;
using WsGate.Configuration.Captures;
using WsGate.Storage;

namespace WsGate.UnitTests.Captures;

public sealed class CaptureRunTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly CaptureSubject Subject = new("chat", "c1", null);

    private static CaptureRun Run(int maxMessages = 100, long maxBytes = 10_000, double sampleRate = 1, int seed = 1, CaptureTarget? target = null) =>
        new("cap_1", new CaptureRequest
        {
            Target = target ?? new CaptureTarget { Api = "chat" },
            MaxMessages = maxMessages,
            MaxBytes = maxBytes,
            DurationMs = 60_000,
            SampleRate = sampleRate,
        }, "{}", T0, "admin", "n1", null, new Random(seed));

    private static StoredCaptureRecord? Text(CaptureRun run, string text, bool inbound = true) =>
        run.Message(Subject, inbound, true, Encoding.UTF8.GetBytes(text), text.Length, true, T0);

    [Fact]
    public void Message_MaxMessagesReached_StopsAndTakesNoMore()
    {
        var run = Run(maxMessages: 2);

        var first = Text(run, "a");
        var second = Text(run, "b", inbound: false);
        var third = Text(run, "c");

        Assert.Equal(("in", 1L), (first!.Direction, first.Sequence));
        Assert.Equal(("out", 2L), (second!.Direction, second.Sequence));
        Assert.Null(third);
        Assert.Equal(("stopped", "maxMessages reached", 2L), (run.Snapshot().State, run.Snapshot().StopReason, run.Snapshot().Messages));
    }

    [Fact]
    public void Message_WouldCrossMaxBytes_RefusedAndStopped()
    {
        var run = Run(maxBytes: 10);

        Assert.NotNull(Text(run, "123456"));
        Assert.Null(Text(run, "12345"));
        Assert.Null(Text(run, "1"));

        var state = run.Snapshot();
        Assert.Equal(("maxBytes reached", 6L, 1L), (state.StopReason, state.Bytes, state.Messages));
    }

    [Fact]
    public void Message_SampleRateWithSeed_KeepsTheSameDeterministicShare()
    {
        var kept = new List<long>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var run = Run(maxMessages: 10_000, sampleRate: 0.25, seed: 42);
            for (var i = 0; i < 1000; i++)
            {
                Text(run, "m");
            }

            kept.Add(run.Snapshot().Messages);
            Assert.Equal(1000, run.Snapshot().Messages + run.Snapshot().Sampled);
        }

        Assert.Equal(kept[0], kept[1]);
        Assert.InRange(kept[0], 200, 300);
    }

    [Fact]
    public void Message_TooLargeToGather_RecordedBySizeWithoutPayload()
    {
        var run = Run();

        var record = run.Message(Subject, true, false, default, 100_000, false, T0);

        Assert.Null(record!.Payload);
        Assert.Equal(100_000, record.Size);
        Assert.Contains("not kept", record.Withheld, StringComparison.Ordinal);
        Assert.Equal(0, run.Snapshot().Bytes);
    }

    [Fact]
    public void Matches_OtherConnectionOrApi_False()
    {
        var run = Run(target: new CaptureTarget { Api = "CHAT", ConnectionId = "c1" });

        Assert.True(run.Matches(new CaptureSubject("chat", "c1", null)));
        Assert.False(run.Matches(new CaptureSubject("chat", "c2", null)));
        Assert.False(run.Matches(new CaptureSubject("other", "c1", null)));
    }

    [Fact]
    public void Stop_Twice_SecondIsFalseAndReasonKept()
    {
        var run = Run();

        Assert.True(run.Stop("stopped by request", T0));
        Assert.False(run.Stop("duration reached", T0));
        Assert.Null(Text(run, "late"));
        Assert.Equal("stopped by request", run.Snapshot().StopReason);
    }
}
