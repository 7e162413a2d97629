using System.Text;
using System.Text.Json;
using WsGate.Channels;

namespace WsGate.UnitTests.Channels;

public sealed class ChannelProtocolTests
{
    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    [Theory]
    [InlineData("{\"a\":1,\"b\":[true,null]}")]
    [InlineData("\"hello\"")]
    [InlineData("42")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Message_Data_IsWrittenExactly(string data)
    {
        var bytes = ChannelProtocol.Message("c", Json(data));

        Assert.Equal("{\"type\":\"message\",\"channel\":\"c\",\"data\":" + data + "}", Text(bytes));
    }

    [Fact]
    public void Message_DataWithWhitespace_IsCompacted()
    {
        var bytes = ChannelProtocol.Message("news:eu/1", Json("{ \"a\" : [ 1 , 2 ] }"));

        Assert.Equal("{\"type\":\"message\",\"channel\":\"news:eu/1\",\"data\":{\"a\":[1,2]}}", Text(bytes));
    }

    [Fact]
    public void Reply_WithIdChannelAndDelivered_IsWrittenInOrder()
    {
        var bytes = ChannelProtocol.Reply("published", Json("7"), "c", 3);

        Assert.Equal("{\"type\":\"published\",\"id\":7,\"channel\":\"c\",\"delivered\":3}", Text(bytes));
    }

    [Fact]
    public void Reply_WithoutOptionalParts_IsOnlyTheType()
    {
        Assert.Equal("{\"type\":\"pong\"}", Text(ChannelProtocol.Reply("pong", null)));
    }

    [Fact]
    public void Error_WithStringId_CarriesIdAndEscapedMessage()
    {
        var bytes = ChannelProtocol.Error("bad \"type\"", Json("\"req-1\""));

        using var document = JsonDocument.Parse(bytes);
        Assert.Equal("error", document.RootElement.GetProperty("type").GetString());
        Assert.Equal("req-1", document.RootElement.GetProperty("id").GetString());
        Assert.Equal("bad \"type\"", document.RootElement.GetProperty("error").GetString());
    }
}
