using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class HttpNamesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4318", true)]
    [InlineData("https://hooks.example/x?y=1", true)]
    [InlineData("ws://127.0.0.1/x", false)]
    [InlineData("ftp://example/x", false)]
    [InlineData("/relative/path", false)]
    [InlineData("not a url", false)]
    [InlineData(null, false)]
    public void IsHttpUrl_Text_TrueOnlyForAbsoluteHttpWithHost(string? text, bool expected) =>
        Assert.Equal(expected, HttpNames.IsHttpUrl(text, out _));

    [Theory]
    [InlineData("Sec-WebSocket-Key", true)]
    [InlineData("connection", true)]
    [InlineData("TE", true)]
    [InlineData("X-Request-Id", false)]
    [InlineData("Authorization", false)]
    public void IsHandshakeOwned_Header_TrueForHandshakeAndHopByHopHeaders(string name, bool expected) =>
        Assert.Equal(expected, HttpNames.IsHandshakeOwned(name));
}
