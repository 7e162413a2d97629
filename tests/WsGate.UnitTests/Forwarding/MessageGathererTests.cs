using WsGate.Forwarding;
using WsGate.Protocol;

namespace WsGate.UnitTests.Forwarding;

public sealed class MessageGathererTests
{
    private static readonly FrameHeader Unmasked = new(Fin: true, Rsv: 0, Opcode.Text, Masked: false, PayloadLength: 0, MaskKey: 0, Length: 2);

    [Fact]
    public void Append_PastTheFirstBuffer_KeepsEveryByteInOrder()
    {
        var gatherer = new MessageGatherer();
        var expected = Enumerable.Range(0, 20_000).Select(i => (byte)(i % 251)).ToArray();

        // Runs of odd sizes so the buffers grow more than once and each growth copies what was already there.
        for (var at = 0; at < expected.Length; at += 997)
        {
            var run = expected.AsSpan(at, Math.Min(997, expected.Length - at));
            gatherer.AppendFrame(run);
            gatherer.AppendPayload(run, Unmasked, at);
        }

        Assert.Equal(expected, gatherer.Frames.ToArray());
        Assert.Equal(expected, gatherer.Payload.ToArray());
    }

    [Fact]
    public void Reset_AfterAMessage_EmptiesAndTakesTheNext()
    {
        var gatherer = new MessageGatherer();
        gatherer.AppendFrame(new byte[70_000]);
        gatherer.AppendPayload(new byte[70_000], Unmasked, 0);

        gatherer.Reset();

        Assert.True(gatherer.Frames.IsEmpty);
        Assert.True(gatherer.Payload.IsEmpty);
        gatherer.AppendFrame("next"u8);
        gatherer.AppendPayload("next"u8, Unmasked, 0);
        Assert.Equal("next"u8.ToArray(), gatherer.Frames.ToArray());
        Assert.Equal("next"u8.ToArray(), gatherer.Payload.ToArray());
    }
}
