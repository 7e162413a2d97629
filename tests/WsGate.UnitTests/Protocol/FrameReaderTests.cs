using System.Net.WebSockets;
using System.Text;
using WsGate.Protocol;

namespace WsGate.UnitTests.Protocol;

public sealed class FrameReaderTests
{
    /// <summary>Reads everything <paramref name="data"/> holds, fed in pieces of at most <paramref name="split"/> bytes, as a relay would.</summary>
    private static List<FrameItem> ReadAll(FrameReader reader, byte[] data, int split = int.MaxValue, List<byte>? payload = null)
    {
        var items = new List<FrameItem>();
        var pending = new List<byte>();
        for (var offset = 0; offset < data.Length; offset += split)
        {
            pending.AddRange(data.AsSpan(offset, Math.Min(split, data.Length - offset)).ToArray());
            var buffer = pending.ToArray();
            var position = 0;
            while (true)
            {
                var item = reader.Read(buffer.AsSpan(position));
                if (item.Kind == FrameItemKind.NeedMore)
                {
                    break;
                }

                if (item.Kind == FrameItemKind.Payload && payload is not null)
                {
                    var run = buffer.AsSpan(position, item.Consumed).ToArray();
                    if (item.Header.Masked)
                    {
                        Masking.Apply(run, item.Header.MaskKey, reader.PayloadOffset - item.Consumed);
                    }

                    payload.AddRange(run);
                }

                items.Add(item);
                position += item.Consumed;
                if (item.Kind == FrameItemKind.Violation)
                {
                    return items;
                }
            }

            pending = [.. buffer.AsSpan(position).ToArray()];
        }

        return items;
    }

    private static FrameReader FromClient(bool deflate = false) => new(fromClient: true, deflate, strict: true);

    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void Read_LengthOfEachEncoding_HeaderThenWholePayload(int length)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        var received = new List<byte>();

        var items = ReadAll(FromClient(), Frames.Client(Opcode.Binary, payload), payload: received);

        var header = items[0];
        Assert.Equal(FrameItemKind.Header, header.Kind);
        Assert.Equal(length, header.Header.PayloadLength);
        Assert.True(header.StartsMessage);
        Assert.Equal(payload, received.ToArray());
        Assert.True(items[^1].EndsMessage);
        Assert.Equal(length, items.Where(i => i.Kind == FrameItemKind.Payload).Sum(i => i.Consumed));
    }

    [Fact]
    public void Read_SplitAtEveryByteBoundary_SameFramesAndPayload()
    {
        // Two messages, the first fragmented with a ping between its fragments (RFC 6455 section 5.4), and a 16-bit length.
        var text = Encoding.UTF8.GetBytes("κόσμε and more text to push it over one twenty five bytes, " + new string('x', 120));
        var data = (byte[])[
            .. Frames.Client(Opcode.Text, text.AsSpan(0, 40), fin: false),
            .. Frames.Client(Opcode.Ping, "are you there"u8),
            .. Frames.Client(Opcode.Continuation, text.AsSpan(40)),
            .. Frames.Client(Opcode.Binary, new byte[300]),
        ];
        var whole = new List<byte>();
        var expected = ReadAll(FromClient(), data, payload: whole).Where(i => i.Kind != FrameItemKind.Payload).ToList();

        for (var split = 1; split < data.Length; split++)
        {
            var payload = new List<byte>();
            var items = ReadAll(FromClient(), data, split, payload);

            Assert.Equal(expected, items.Where(i => i.Kind != FrameItemKind.Payload));
            Assert.Equal(whole, payload);
            Assert.DoesNotContain(items, i => i.Kind == FrameItemKind.Violation);
        }
    }

    [Fact]
    public void Read_ControlFrameBetweenFragments_WholeControlAndMessageGoesOn()
    {
        var reader = FromClient();
        var data = (byte[])[.. Frames.Client(Opcode.Text, "hel"u8, fin: false), .. Frames.Client(Opcode.Ping, "p"u8), .. Frames.Client(Opcode.Continuation, "lo"u8)];

        var items = ReadAll(reader, data);

        var control = Assert.Single(items, i => i.Kind == FrameItemKind.Control);
        Assert.Equal(Opcode.Ping, control.Header.Opcode);
        Assert.Equal(2 + 4 + 1, control.Consumed);
        Assert.Equal(1, reader.Messages);
        Assert.True(items[^1].EndsMessage);
        Assert.False(reader.InMessage);
    }

    [Fact]
    public void Read_PartialControlFrame_NeedsMoreAndConsumesNothing()
    {
        var frame = Frames.Client(Opcode.Ping, "0123456789"u8);

        var item = FromClient().Read(frame.AsSpan(0, frame.Length - 1));

        Assert.Equal(FrameItemKind.NeedMore, item.Kind);
        Assert.Equal(0, item.Consumed);
    }

    [Fact]
    public void Read_CloseWithCodeAndReason_CodeAndReasonRead()
    {
        var item = FromClient().Read(Frames.Client(Opcode.Close, Frames.ClosePayload(4001, "bye")));

        Assert.Equal(FrameItemKind.Control, item.Kind);
        Assert.Equal(4001, item.CloseCode);
        Assert.Equal("bye", item.Reason);
    }

    [Fact]
    public void Read_CloseWithOneByteBody_ProtocolError()
    {
        var item = FromClient().Read(Frames.Client(Opcode.Close, [0x03]));

        Assert.Equal(FrameItemKind.Violation, item.Kind);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, item.Violation);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(2999)]
    [InlineData(5000)]
    public void Read_CloseWithReservedCode_ProtocolError(int code)
    {
        var item = FromClient().Read(Frames.Client(Opcode.Close, Frames.ClosePayload(code)));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, item.Violation);
    }

    [Fact]
    public void Read_CloseReasonNotUtf8_InvalidPayloadData()
    {
        var item = FromClient().Read(Frames.Client(Opcode.Close, [0x03, 0xE8, 0xED, 0xA0, 0x80]));

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, item.Violation);
    }

    [Theory]
    [InlineData(0b100, false)]
    [InlineData(0b010, false)]
    [InlineData(0b001, false)]
    [InlineData(0b010, true)]
    public void Read_RsvBitsWithoutAnExtensionForThem_ProtocolError(byte rsv, bool deflate)
    {
        var item = FromClient(deflate).Read(Frames.Client(Opcode.Text, "x"u8, rsv: rsv));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, item.Violation);
    }

    [Fact]
    public void Read_Rsv1WithDeflate_CompressedMessage()
    {
        var reader = FromClient(deflate: true);

        var item = reader.Read(Frames.Client(Opcode.Binary, "x"u8, rsv: 0b100));

        Assert.Equal(FrameItemKind.Header, item.Kind);
        Assert.True(reader.MessageCompressed);
    }

    [Fact]
    public void Read_Rsv1OnContinuationOrControl_ProtocolError()
    {
        var reader = FromClient(deflate: true);
        ReadAll(reader, Frames.Client(Opcode.Text, "a"u8, fin: false, rsv: 0b100));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, reader.Read(Frames.Client(Opcode.Continuation, "b"u8, rsv: 0b100)).Violation);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, FromClient(deflate: true).Read(Frames.Client(Opcode.Ping, "b"u8, rsv: 0b100)).Violation);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(0xB)]
    [InlineData(0xF)]
    public void Read_ReservedOpcode_ProtocolError(byte opcode)
    {
        var item = FromClient().Read(Frames.Client((Opcode)opcode, "x"u8));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, item.Violation);
    }

    [Fact]
    public void Read_UnmaskedFrameFromClient_ProtocolError()
    {
        Assert.Equal(WebSocketCloseStatus.ProtocolError, FromClient().Read(Frames.Build(Opcode.Text, "x"u8)).Violation);
    }

    [Fact]
    public void Read_MaskedFrameFromServer_ProtocolError()
    {
        var reader = new FrameReader(fromClient: false, deflate: false, strict: true);

        Assert.Equal(WebSocketCloseStatus.ProtocolError, reader.Read(Frames.Client(Opcode.Text, "x"u8)).Violation);
    }

    [Fact]
    public void Read_FragmentedControlFrame_ProtocolError()
    {
        Assert.Equal(WebSocketCloseStatus.ProtocolError, FromClient().Read(Frames.Client(Opcode.Ping, "x"u8, fin: false)).Violation);
    }

    [Fact]
    public void Read_ControlFrameOver125Bytes_ProtocolError()
    {
        Assert.Equal(WebSocketCloseStatus.ProtocolError, FromClient().Read(Frames.Client(Opcode.Pong, new byte[126])).Violation);
    }

    [Fact]
    public void Read_ContinuationWithoutMessage_ProtocolError()
    {
        Assert.Equal(WebSocketCloseStatus.ProtocolError, FromClient().Read(Frames.Client(Opcode.Continuation, "x"u8)).Violation);
    }

    [Fact]
    public void Read_NewMessageInsideFragmentedOne_ProtocolError()
    {
        var reader = FromClient();
        ReadAll(reader, Frames.Client(Opcode.Text, "a"u8, fin: false));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, reader.Read(Frames.Client(Opcode.Binary, "b"u8)).Violation);
    }

    [Fact]
    public void Read_FragmentedMessage_StartsOnFirstFrameEndsOnlyOnFin()
    {
        var reader = FromClient();
        var data = (byte[])[
            .. Frames.Client(Opcode.Binary, "a"u8, fin: false),
            .. Frames.Client(Opcode.Continuation, "b"u8, fin: false),
            .. Frames.Client(Opcode.Continuation, "c"u8),
        ];

        var headers = ReadAll(reader, data).Where(i => i.Kind == FrameItemKind.Header).ToList();

        Assert.Equal([true, false, false], headers.Select(h => h.StartsMessage));
        Assert.Equal([false, false, true], headers.Select(h => h.Header.Fin));
        Assert.Equal(1, reader.Messages);
        Assert.False(reader.InMessage);
    }

    [Fact]
    public void Read_NonFinalFrame_MessageStaysOpenWithItsOpcode()
    {
        var reader = FromClient();

        var items = ReadAll(reader, Frames.Client(Opcode.Text, "part"u8, fin: false));

        Assert.DoesNotContain(items, i => i.EndsMessage);
        Assert.True(items[^1].EndsFrame);
        Assert.True(reader.InMessage);
        Assert.Equal(Opcode.Text, reader.MessageOpcode);
        Assert.Equal(0, reader.Messages);
    }

    [Fact]
    public void Read_EmptyFinalContinuation_EndsTheMessageAtItsHeader()
    {
        var reader = FromClient();
        ReadAll(reader, Frames.Client(Opcode.Text, "abc"u8, fin: false));

        var item = reader.Read(Frames.Client(Opcode.Continuation, []));

        Assert.Equal(FrameItemKind.Header, item.Kind);
        Assert.False(item.StartsMessage);
        Assert.True(item.EndsFrame);
        Assert.True(item.EndsMessage);
        Assert.Equal(1, reader.Messages);
        Assert.Equal(Opcode.Text, reader.MessageOpcode);
    }

    [Fact]
    public void Read_EmptyUnfragmentedMessage_StartsAndEndsAtItsHeader()
    {
        var reader = FromClient();

        var item = reader.Read(Frames.Client(Opcode.Text, []));

        Assert.Equal(FrameItemKind.Header, item.Kind);
        Assert.Equal((true, true, true), (item.StartsMessage, item.EndsFrame, item.EndsMessage));
        Assert.Equal(1, reader.Messages);
    }

    [Fact]
    public void Read_ContinuationAfterMessageEnded_ProtocolError()
    {
        var reader = FromClient();
        ReadAll(reader, (byte[])[.. Frames.Client(Opcode.Text, "a"u8, fin: false), .. Frames.Client(Opcode.Continuation, "b"u8)]);

        var item = reader.Read(Frames.Client(Opcode.Continuation, "c"u8));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, item.Violation);
        Assert.Contains("continuation", item.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Opcode.Text, Opcode.Text)]
    [InlineData(Opcode.Text, Opcode.Binary)]
    [InlineData(Opcode.Binary, Opcode.Text)]
    public void Read_DataFrameInsideFragmentedMessage_ProtocolError(Opcode first, Opcode second)
    {
        var reader = FromClient();
        ReadAll(reader, Frames.Client(first, "a"u8, fin: false));

        var item = reader.Read(Frames.Client(second, "b"u8, fin: false));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, item.Violation);
        Assert.Contains("new message", item.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Opcode.Ping)]
    [InlineData(Opcode.Pong)]
    [InlineData(Opcode.Close)]
    public void Read_ControlFrameBetweenFragments_MessageStillOpen(Opcode control)
    {
        var reader = FromClient();
        ReadAll(reader, Frames.Client(Opcode.Binary, "a"u8, fin: false));

        var item = reader.Read(Frames.Client(control, control == Opcode.Close ? Frames.ClosePayload(1000) : []));

        Assert.Equal(FrameItemKind.Control, item.Kind);
        Assert.False(item.StartsMessage);
        Assert.False(item.EndsMessage);
        Assert.True(reader.InMessage);
        Assert.Equal(Opcode.Binary, reader.MessageOpcode);
        Assert.Equal(0, reader.Messages);
    }

    [Fact]
    public void Read_CodePointSplitAcrossFragmentsAroundAPing_Valid()
    {
        // "κ" is CE BA: its first byte ends one fragment, a ping comes between, the second byte starts the next fragment.
        var reader = FromClient();
        var data = (byte[])[
            .. Frames.Client(Opcode.Text, [.. "a"u8, 0xCE], fin: false),
            .. Frames.Client(Opcode.Ping, "p"u8),
            .. Frames.Client(Opcode.Continuation, [0xBA, .. "b"u8]),
        ];

        var items = ReadAll(reader, data);

        Assert.DoesNotContain(items, i => i.Kind == FrameItemKind.Violation);
        Assert.True(items[^1].EndsMessage);
        Assert.Equal(1, reader.Messages);
    }

    [Fact]
    public void Read_InvalidUtf8InContinuation_InvalidPayloadData()
    {
        var reader = FromClient();
        var data = (byte[])[.. Frames.Client(Opcode.Text, "ok"u8, fin: false), .. Frames.Client(Opcode.Continuation, [0xFF])];

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, ReadAll(reader, data)[^1].Violation);
    }

    [Fact]
    public void Read_CompressedMessageContinued_StaysCompressedUntilItEnds()
    {
        var reader = FromClient(deflate: true);
        ReadAll(reader, Frames.Client(Opcode.Text, [0xFF], fin: false, rsv: 0b100));

        var items = ReadAll(reader, Frames.Client(Opcode.Continuation, [0xFE]));

        Assert.True(reader.MessageCompressed);
        Assert.DoesNotContain(items, i => i.Kind == FrameItemKind.Violation);
        Assert.True(items[^1].EndsMessage);
    }

    [Fact]
    public void Reset_InsideFragmentedMessage_ContinuationRefused()
    {
        var reader = FromClient();
        ReadAll(reader, Frames.Client(Opcode.Binary, "a"u8, fin: false));

        reader.Reset();

        Assert.False(reader.InMessage);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, reader.Read(Frames.Client(Opcode.Continuation, "b"u8)).Violation);
    }

    [Fact]
    public void Reset_TextEndedInsideCodePoint_NewTextMessageValid()
    {
        // The held lead byte 0xCE must be forgotten, or "n" would be read as its (invalid) continuation.
        var reader = FromClient();
        ReadAll(reader, Frames.Client(Opcode.Text, [.. "a"u8, 0xCE], fin: false));

        reader.Reset();
        var items = ReadAll(reader, Frames.Client(Opcode.Text, "new"u8));

        Assert.True(items[0].StartsMessage);
        Assert.DoesNotContain(items, i => i.Kind == FrameItemKind.Violation);
        Assert.True(items[^1].EndsMessage);
    }

    [Fact]
    public void Read_LenientNewMessageInsideFragmentedOne_StartsTheNewMessage()
    {
        var reader = new FrameReader(fromClient: true, deflate: false, strict: false);
        ReadAll(reader, Frames.Client(Opcode.Text, "a"u8, fin: false));

        var items = ReadAll(reader, Frames.Client(Opcode.Binary, "b"u8));

        Assert.True(items[0].StartsMessage);
        Assert.Equal(Opcode.Binary, reader.MessageOpcode);
        Assert.True(items[^1].EndsMessage);
        Assert.Equal(1, reader.Messages);
    }

    [Fact]
    public void Read_64BitLengthWithTopBitSet_ProtocolError()
    {
        byte[] header = [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4];

        Assert.Equal(WebSocketCloseStatus.ProtocolError, FromClient().Read(header).Violation);
    }

    [Fact]
    public void Read_LengthNotInShortestForm_Accepted()
    {
        var item = FromClient().Read(Frames.Build(Opcode.Binary, "abc"u8, mask: Frames.Key, lengthBytes: 8));

        Assert.Equal(FrameItemKind.Header, item.Kind);
        Assert.Equal(3, item.Header.PayloadLength);
    }

    [Fact]
    public void Read_InvalidUtf8InText_FailsAtTheBadRunNotAtTheEnd()
    {
        var reader = FromClient();
        var frame = Frames.Client(Opcode.Text, [.. "valid "u8, 0xC0, 0xAF, .. "rest"u8], fin: false);

        var items = ReadAll(reader, frame, split: 8);

        var violation = items[^1];
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, violation.Violation);
    }

    [Fact]
    public void Read_TextEndingInsideCodePoint_InvalidPayloadData()
    {
        var reader = FromClient();
        var data = (byte[])[.. Frames.Client(Opcode.Text, [.. "κόσμ"u8, 0xCE], fin: false), .. Frames.Client(Opcode.Continuation, [])];

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, ReadAll(reader, data)[^1].Violation);
    }

    [Fact]
    public void Read_CompressedText_Utf8NotChecked()
    {
        var reader = FromClient(deflate: true);

        var items = ReadAll(reader, Frames.Client(Opcode.Text, [0xFF, 0xFE], rsv: 0b100));

        Assert.DoesNotContain(items, i => i.Kind == FrameItemKind.Violation);
    }

    [Fact]
    public void Read_Lenient_FollowsFramesWithoutJudging()
    {
        var reader = new FrameReader(fromClient: true, deflate: false, strict: false);
        var data = (byte[])[.. Frames.Build(Opcode.Text, [0xFF], rsv: 0b111), .. Frames.Client((Opcode)3, "x"u8), .. Frames.Client(Opcode.Ping, new byte[200])];

        var items = ReadAll(reader, data);

        Assert.DoesNotContain(items, i => i.Kind == FrameItemKind.Violation);
        Assert.Equal(2, reader.Messages);
        Assert.True(reader.AtFrameBoundary);
    }
}
