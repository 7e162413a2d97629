using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class PublicUrlTests
{
    [Theory]
    [InlineData("wss://chat.example.com/ws", "wss://chat.example.com/ws")]
    [InlineData("wss://chat.example.com/ws/", "wss://chat.example.com/ws")]
    [InlineData("wss://Chat.Example.com:443/", "wss://chat.example.com")]
    [InlineData("https://chat.example.com/ws", "wss://chat.example.com/ws")]
    [InlineData("http://chat.example.com:80", "ws://chat.example.com")]
    [InlineData("http://chat.example.com:443/x", "ws://chat.example.com:443/x")]
    [InlineData("ws://10.0.0.5:8080", "ws://10.0.0.5:8080")]
    [InlineData("wss://[::1]:9443/a/b/", "wss://[::1]:9443/a/b")]
    public void TryParse_AbsoluteUrl_GivesNormalisedRoot(string text, string root)
    {
        Assert.True(PublicUrl.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(root, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ws:/nohost")]
    [InlineData("file:///etc/passwd")]
    [InlineData("wss://chat.example.com/?")]
    public void TryParse_NotAUsableUrl_FailsWithReason(string? text)
    {
        Assert.False(PublicUrl.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
