using WsGate.Protocol;

namespace WsGate.UnitTests.Protocol;

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

    [Fact]
    public void RelayOffer_ClientOffer_BothNoContextTakeoverAdded()
    {
        var offer = PerMessageDeflate.RelayOffer("permessage-deflate; client_max_window_bits");

        Assert.Equal("permessage-deflate; client_max_window_bits; client_no_context_takeover; server_no_context_takeover", offer);
    }

    [Fact]
    public void RelayOffer_UnknownParameterFirst_NextOfferTaken()
    {
        var offer = PerMessageDeflate.RelayOffer("permessage-deflate; mystery, permessage-deflate; server_max_window_bits=10");

        Assert.Equal("permessage-deflate; server_max_window_bits=10; client_no_context_takeover; server_no_context_takeover", offer);
    }

    [Fact]
    public void RelayOffer_OtherExtensionOnly_Null()
    {
        Assert.Null(PerMessageDeflate.RelayOffer("x-webkit-deflate-frame"));
    }

    [Fact]
    public void ClientAnswer_BackendLeftOutClientNoContextTakeover_MadeExplicit()
    {
        var answer = PerMessageDeflate.ClientAnswer("permessage-deflate; server_no_context_takeover; client_max_window_bits=12");

        Assert.Equal("permessage-deflate; client_no_context_takeover; server_no_context_takeover; client_max_window_bits=12", answer);
    }

    [Fact]
    public void ClientAnswer_NotAnAnswer_Null()
    {
        Assert.Null(PerMessageDeflate.ClientAnswer("permessage-deflate; bogus"));
    }
}
