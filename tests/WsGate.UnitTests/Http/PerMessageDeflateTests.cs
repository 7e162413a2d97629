using WsGate.Http;

namespace WsGate.UnitTests.Http;

public sealed class PerMessageDeflateTests
{
    [Fact]
    public void ParseAnswer_WindowBitsAndNoTakeover_AreRead()
    {
        var options = PerMessageDeflate.ParseAnswer("permessage-deflate; client_max_window_bits=10; server_no_context_takeover");

        Assert.NotNull(options);
        Assert.Equal(10, options.ClientMaxWindowBits);
        Assert.Equal(15, options.ServerMaxWindowBits);
        Assert.False(options.ServerContextTakeover);
        Assert.True(options.ClientContextTakeover);
    }

    [Fact]
    public void ParseAnswer_BareExtension_KeepsTheDefaults()
    {
        var options = PerMessageDeflate.ParseAnswer("permessage-deflate");

        Assert.NotNull(options);
        Assert.Equal(15, options.ClientMaxWindowBits);
        Assert.True(options.ServerContextTakeover);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x-webkit-deflate-frame")]
    [InlineData("permessage-deflate; client_max_window_bits=20")]
    [InlineData("permessage-deflate; unknown_parameter")]
    [InlineData("permessage-deflate, permessage-deflate; server_no_context_takeover")]
    public void ParseAnswer_NotOneKnownAnswer_IsNull(string extensions) =>
        Assert.Null(PerMessageDeflate.ParseAnswer(extensions));
}
