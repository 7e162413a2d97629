using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WsGate.Protocol;

namespace WsGate.UnitTests.Protocol;

public sealed class WebSocketHandshakeTests
{
    private static DefaultHttpContext Request(Action<HttpRequest>? change = null, bool upgradable = true)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "GET";
        request.Protocol = "HTTP/1.1";
        request.Headers.Upgrade = "websocket";
        request.Headers.Connection = "keep-alive, Upgrade";
        request.Headers.SecWebSocketVersion = "13";
        request.Headers.SecWebSocketKey = "dGhlIHNhbXBsZSBub25jZQ==";
        context.Features.Set<IHttpUpgradeFeature>(new Upgradable(upgradable));
        change?.Invoke(request);
        return context;
    }

    [Fact]
    public void AcceptKey_SampleFromTheRfc_Matches()
    {
        // RFC 6455 section 1.3.
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    [Fact]
    public void Validate_WellFormed_Null() => Assert.Null(WebSocketHandshake.Validate(Request()));

    [Fact]
    public void Validate_NoConnectionUpgrade_400NamingTheHeader()
    {
        var rejection = WebSocketHandshake.Validate(Request(r => r.Headers.Connection = "keep-alive"));

        Assert.Equal(400, rejection!.Status);
        Assert.Contains("Connection", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Http10_400()
    {
        var rejection = WebSocketHandshake.Validate(Request(r => r.Protocol = "HTTP/1.0"));

        Assert.Equal(400, rejection!.Status);
        Assert.Contains("HTTP/1.1", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Version12_426WithSupportedVersion()
    {
        var rejection = WebSocketHandshake.Validate(Request(r => r.Headers.SecWebSocketVersion = "12"));

        Assert.Equal(426, rejection!.Status);
        Assert.Equal("13", rejection.Headers!["Sec-WebSocket-Version"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("dGhlIHNhbXBsZSBub25jZQ")]
    [InlineData("dGhlIHNhbXBsZSBub25jZXh4eA==")]
    public void Validate_BadKey_400(string key)
    {
        Assert.Equal(400, WebSocketHandshake.Validate(Request(r => r.Headers.SecWebSocketKey = key))!.Status);
    }

    [Fact]
    public void Validate_Post_405AllowingGet()
    {
        var rejection = WebSocketHandshake.Validate(Request(r => r.Method = "POST"));

        Assert.Equal(405, rejection!.Status);
        Assert.Equal("GET", rejection.Headers!["Allow"]);
    }

    [Fact]
    public void Validate_NotUpgradable_400()
    {
        Assert.Equal(400, WebSocketHandshake.Validate(Request(upgradable: false))!.Status);
    }

    [Theory]
    [InlineData("websocket", true)]
    [InlineData("WebSocket", true)]
    [InlineData("h2c, websocket", true)]
    [InlineData("h2c", false)]
    [InlineData("websockets", false)]
    public void IsUpgradeAttempt_UpgradeHeaderTokens(string upgrade, bool expected)
    {
        Assert.Equal(expected, WebSocketHandshake.IsUpgradeAttempt(Request(r => r.Headers.Upgrade = upgrade).Request));
    }

    [Fact]
    public void RequestedSubProtocols_RepeatedAndCommaSeparated_InOrder()
    {
        var request = Request(r => r.Headers.SecWebSocketProtocol = new Microsoft.Extensions.Primitives.StringValues(["a, b", "c"])).Request;

        Assert.Equal(["a", "b", "c"], WebSocketHandshake.RequestedSubProtocols(request));
    }

    private sealed class Upgradable(bool upgradable) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => upgradable;

        public Task<Stream> UpgradeAsync() => throw new NotSupportedException();
    }
}
