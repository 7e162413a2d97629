using System.Net.WebSockets;
using WsGate.Protocol;

namespace WsGate.UnitTests.Protocol;

public sealed class CloseFrameTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1011)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(4999)]
    public void IsValidCode_CodesAnEndpointMaySend_True(int code) => Assert.True(CloseFrame.IsValidCode(code));

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
    public void IsValidCode_ReservedOrUndefined_False(int code) => Assert.False(CloseFrame.IsValidCode(code));

    [Fact]
    public void TryRead_Empty_NoStatus()
    {
        Assert.True(CloseFrame.TryRead([], out var code, out var reason, out _));
        Assert.Equal(1005, code);
        Assert.Null(reason);
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
}
