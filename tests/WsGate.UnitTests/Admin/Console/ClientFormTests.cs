using WsGate.Admin.Api;
using WsGate.Admin.Console;
using WsGate.Admin.Console.Clients;
using WsGate.Configuration.Outbound;

namespace WsGate.UnitTests.Admin.Console;

public sealed class ClientFormTests
{
    [Theory]
    [InlineData("basic.username", "username")]
    [InlineData("reconnect.intervalSeconds", "reconnectIntervalSeconds")]
    [InlineData("reconnect.maxIntervalSeconds", "reconnectMaxIntervalSeconds")]
    [InlineData("tls.caFile", "useTls")]
    [InlineData("headers.Bad Name", "headers.Bad Name")]
    [InlineData("port", "port")]
    public void Rename_ConfigPath_FormInput(string path, string expected) => Assert.Equal(expected, ClientForm.Rename(path));

    [Fact]
    public void TryAutofill_UrlWithCredentials_FieldsFilledAndUrlCleared()
    {
        var form = new ClientForm { Url = "wss://bob:s3cret@feed.example.com:12345/auth?x=1" };

        Assert.True(form.TryAutofill(out _));

        Assert.Equal("feed.example.com", form.Host);
        Assert.Equal(12345, form.Port);
        Assert.True(form.UseTls);
        Assert.Equal("/auth?x=1", form.Path);
        Assert.Equal("bob", form.Username);
        Assert.Equal("s3cret", form.Password);
        Assert.Null(form.Url);
    }

    [Fact]
    public void TryAutofill_NotWebSocketScheme_ErrorAndFieldsUntouched()
    {
        var form = new ClientForm { Url = "ftp://example.com/", Host = "kept" };

        Assert.False(form.TryAutofill(out var error));

        Assert.Contains("ftp", error, StringComparison.Ordinal);
        Assert.Equal("kept", form.Host);
    }

    [Fact]
    public void ToConfig_MaskedPassword_StoredPasswordKept()
    {
        var existing = new OutboundClientConfig { Id = "feed", Host = "h", Basic = new BasicAuthConfig { Username = "bob", Password = "stored" } };
        var form = ClientForm.From(existing);
        Assert.Equal(WsGate.Configuration.Secrets.SecretValues.Mask, form.Password);

        var config = form.ToConfig(existing);

        Assert.Equal("stored", config.Basic!.Password);
    }

    [Fact]
    public void HeaderLinesParse_NameValueLines_Headers()
    {
        var headers = HeaderLines.Parse("X-Api-Key: abc:def\n\nX-Empty\n");

        Assert.Equal("abc:def", headers["X-Api-Key"]);
        Assert.Equal("", headers["X-Empty"]);
        Assert.Equal(2, headers.Count);
    }
}
