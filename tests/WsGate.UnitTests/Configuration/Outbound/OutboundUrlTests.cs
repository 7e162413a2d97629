using WsGate.Configuration.Outbound;

namespace WsGate.UnitTests.Configuration.Outbound;

public sealed class OutboundUrlTests
{
    [Fact]
    public void Autofilled_WssWithPortAndUrlCredentialsPath_FillsEveryField()
    {
        var client = new OutboundClientConfig { Id = "c", Url = "wss://myhost.com:12345/auth/user/psw" }.Autofilled();

        Assert.Null(client.Url);
        Assert.Equal("myhost.com", client.Host);
        Assert.Equal(12345, client.Port);
        Assert.True(client.UseTls);
        Assert.Equal("/auth/user/psw", client.Path);
        Assert.Equal(new Uri("wss://myhost.com:12345/auth/user/psw"), client.Address);
    }

    [Fact]
    public void Autofilled_WsWithQuery_DefaultPort80AndQueryKept()
    {
        var client = new OutboundClientConfig { Id = "c", Url = "ws://myhost.com/report?info=common&date=20201201" }.Autofilled();

        Assert.Null(client.Port);
        Assert.Equal(80, client.EffectivePort);
        Assert.False(client.UseTls);
        Assert.Equal("/report?info=common&date=20201201", client.Path);
    }

    [Fact]
    public void EffectivePort_TlsWithoutPort_Is443()
    {
        Assert.Equal(443, new OutboundClientConfig { Host = "h", UseTls = true }.EffectivePort);
    }

    [Fact]
    public void Autofilled_UserInfo_BecomesBasicCredentials()
    {
        var client = new OutboundClientConfig { Url = "ws://ann:p%40ss@h/" }.Autofilled();

        Assert.Equal("ann", client.Basic!.Username);
        Assert.Equal("p@ss", client.Basic.Password);
    }

    [Theory]
    [InlineData("ws//broken")]
    [InlineData("ftp://host/")]
    [InlineData("")]
    [InlineData("ws://host/#frag")]
    public void TryParse_NotAClientUrl_Refused(string url)
    {
        Assert.False(OutboundUrl.TryParse(url, out _, out var error));
        Assert.NotEmpty(error);
    }
}
