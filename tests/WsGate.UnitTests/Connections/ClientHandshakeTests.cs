using WsGate.Connections;

namespace WsGate.UnitTests.Connections;

public sealed class ClientHandshakeTests
{
    [Fact]
    public void NegotiatedDeflate_WindowBitsAndNoTakeover_AreRead()
    {
        var options = ClientHandshake.NegotiatedDeflate("permessage-deflate; client_max_window_bits=10; server_no_context_takeover");

        Assert.NotNull(options);
        Assert.Equal(10, options.ClientMaxWindowBits);
        Assert.Equal(15, options.ServerMaxWindowBits);
        Assert.False(options.ServerContextTakeover);
        Assert.True(options.ClientContextTakeover);
    }

    [Fact]
    public void NegotiatedDeflate_BareExtension_KeepsTheDefaults()
    {
        var options = ClientHandshake.NegotiatedDeflate("permessage-deflate");

        Assert.NotNull(options);
        Assert.Equal(15, options.ClientMaxWindowBits);
        Assert.True(options.ServerContextTakeover);
    }

    [Fact]
    public void NegotiatedDeflate_NoExtension_IsNull() =>
        Assert.Null(ClientHandshake.NegotiatedDeflate(""));
}
