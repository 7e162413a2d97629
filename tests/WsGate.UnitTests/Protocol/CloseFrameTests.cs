using System.Net.WebSockets;
using System.Text;
using WsGate.Protocol;

namespace WsGate.UnitTests.Protocol;

public sealed class CloseFrameTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1002)]
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1008)]
    [InlineData(1009)]
    [InlineData(1010)]
    [InlineData(1011)]
    [InlineData(1012)]
    [InlineData(1013)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(4999)]
    public void IsValidCode_CodesAnEndpointMaySend_True(int code) => Assert.True(CloseFrame.IsValidCode(code));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(1016)]
    [InlineData(2000)]
    [InlineData(2999)]
    [InlineData(5000)]
    [InlineData(65535)]
    public void IsValidCode_ReservedOrUndefined_False(int code) => Assert.False(CloseFrame.IsValidCode(code));

    [Fact]
    public void TryRead_Empty_NoStatus()
    {
        Assert.True(CloseFrame.TryRead([], out var code, out var reason, out _));
        Assert.Equal(1005, code);
        Assert.Null(reason);
    }

    [Fact]
    public void TryRead_CodeOnly_CodeAndNoReason()
    {
        Assert.True(CloseFrame.TryRead([0x03, 0xE8], out var code, out var reason, out var violation));
        Assert.Equal(1000, code);
        Assert.Null(reason);
        Assert.Equal(0, (int)violation);
    }

    [Fact]
    public void TryRead_CodeAndUtf8Reason_BothRead()
    {
        Assert.True(CloseFrame.TryRead(Frames.ClosePayload(4321, "κόσμε"), out var code, out var reason, out _));
        Assert.Equal(4321, code);
        Assert.Equal("κόσμε", reason);
    }

    [Fact]
    public void TryRead_OneBytePayload_ProtocolError()
    {
        Assert.False(CloseFrame.TryRead([0x03], out _, out var reason, out var violation));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, violation);
        Assert.Null(reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(1016)]
    [InlineData(2999)]
    [InlineData(5000)]
    [InlineData(65535)]
    public void TryRead_CodeNoEndpointMaySend_ProtocolErrorNamingTheCode(int code)
    {
        Assert.False(CloseFrame.TryRead(Frames.ClosePayload(code, "why"), out var read, out var reason, out var violation));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, violation);
        Assert.Equal(code, read);
        Assert.Null(reason);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(4999)]
    public void TryRead_CodeAtTheEdgeOfARange_Accepted(int code)
    {
        Assert.True(CloseFrame.TryRead(Frames.ClosePayload(code), out var read, out _, out _));
        Assert.Equal(code, read);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0x6F, 0x6B, 0xCE })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xFF })]
    public void TryRead_ReasonNotUtf8_InvalidPayloadData(byte[] reason)
    {
        Assert.False(CloseFrame.TryRead([0x03, 0xE8, .. reason], out _, out var read, out var violation));
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, violation);
        Assert.Null(read);
    }

    [Fact]
    public void TryRead_ReasonOf123Bytes_ReadWhole()
    {
        var text = new string('r', 123);

        Assert.True(CloseFrame.TryRead(Frames.ClosePayload(1000, text), out _, out var reason, out _));
        Assert.Equal(text, reason);
    }

    [Fact]
    public void WritePayload_CodeAndReason_BigEndianCodeThenUtf8()
    {
        var payload = new byte[FrameHeader.MaxControlPayload];

        var length = CloseFrame.WritePayload(payload, 4001, "é!");

        Assert.Equal([0x0F, 0xA1, 0xC3, 0xA9, 0x21], payload[..length]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WritePayload_NoReason_CodeOnly(string? reason)
    {
        var payload = new byte[FrameHeader.MaxControlPayload];

        Assert.Equal(2, CloseFrame.WritePayload(payload, 1001, reason));
        Assert.Equal([0x03, 0xE9], payload[..2]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void WritePayload_NoCode_EmptyBody(int code)
    {
        Assert.Equal(0, CloseFrame.WritePayload(new byte[125], code, "ignored"));
    }

    [Fact]
    public void WritePayload_Reason123Bytes_KeptWhole()
    {
        var payload = new byte[FrameHeader.MaxControlPayload];

        var length = CloseFrame.WritePayload(payload, 1000, new string('a', 123));

        Assert.Equal(FrameHeader.MaxControlPayload, length);
    }

    [Theory]
    [InlineData("a", 124, 123)]
    [InlineData("€", 42, 41)]
    [InlineData("😀", 31, 30)]
    public void WritePayload_ReasonOver123Bytes_CutAtACharacterBoundary(string unit, int count, int kept)
    {
        var payload = new byte[FrameHeader.MaxControlPayload];

        var length = CloseFrame.WritePayload(payload, 1000, string.Concat(Enumerable.Repeat(unit, count)));

        Assert.True(CloseFrame.TryRead(payload.AsSpan(0, length), out _, out var reason, out _));
        Assert.Equal(string.Concat(Enumerable.Repeat(unit, kept)), reason);
        Assert.True(Encoding.UTF8.GetByteCount(reason!) <= 123);
    }

    [Fact]
    public void WritePayload_LongReason_CutToFitAControlFrame()
    {
        var payload = new byte[FrameHeader.MaxControlPayload];

        var length = CloseFrame.WritePayload(payload, 1000, new string('é', 100));

        Assert.True(length <= FrameHeader.MaxControlPayload);
        Assert.True(CloseFrame.TryRead(payload.AsSpan(0, length), out var code, out var reason, out _));
        Assert.Equal(1000, code);
        Assert.Equal(61, reason!.Length);
    }

    [Fact]
    public void WritePayload_NoStatus_EmptyBody()
    {
        Assert.Equal(0, CloseFrame.WritePayload(new byte[125], 1005, "ignored"));
    }

    [Fact]
    public void Build_ToServer_MaskedAndReadableBack()
    {
        var frame = CloseFrame.Build(WebSocketCloseStatus.EndpointUnavailable, "going", masked: true);
        var reader = new FrameReader(fromClient: true, deflate: false, strict: true);

        var item = reader.Read(frame);

        Assert.Equal(FrameItemKind.Control, item.Kind);
        Assert.Equal(1001, item.CloseCode);
        Assert.Equal("going", item.Reason);
    }

    [Fact]
    public void Build_ToClient_UnmaskedAndReadableBack()
    {
        var frame = CloseFrame.Build(WebSocketCloseStatus.PolicyViolation, "no", masked: false);
        var reader = new FrameReader(fromClient: false, deflate: false, strict: true);

        var item = reader.Read(frame);

        Assert.False(item.Header.Masked);
        Assert.Equal((FrameItemKind.Control, 1008, "no"), (item.Kind, item.CloseCode, item.Reason));
    }

    [Fact]
    public void Build_NoStatus_EmptyCloseFrame()
    {
        Assert.Equal([0x88, 0x00], CloseFrame.Build(WebSocketCloseStatus.Empty, "ignored", masked: false));
    }
}
