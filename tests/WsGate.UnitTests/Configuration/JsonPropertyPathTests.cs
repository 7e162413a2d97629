using System.Text;
using WsGate.Configuration;

namespace WsGate.UnitTests.Configuration;

public sealed class JsonPropertyPathTests
{
    [Theory]
    [InlineData("$.action", """{"action":"buy"}""", "buy")]
    [InlineData("$.order.status", """{"order":{"status":"paid"}}""", "paid")]
    [InlineData("$.items[1].id", """{"items":[{"id":1},{"id":2}]}""", "2")]
    [InlineData("$.flag", """{"flag":true}""", "true")]
    [InlineData("$.missing", """{"action":"buy"}""", null)]
    [InlineData("$.action", "not json", null)]
    [InlineData("$.action", "[1,2]", null)]
    public void FindText_Message_ValueAsText(string path, string json, string? expected) =>
        Assert.Equal(expected, JsonPropertyPath.Parse(path).FindText(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("action")]
    [InlineData("$")]
    [InlineData("$.")]
    [InlineData("$.a..b")]
    [InlineData("$.a[x]")]
    public void TryParse_NotAPath_Refused(string text) => Assert.False(JsonPropertyPath.TryParse(text, out _));
}
