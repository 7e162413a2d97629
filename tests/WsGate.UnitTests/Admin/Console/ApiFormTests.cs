using WsGate.Admin.Console.Apis;

namespace WsGate.UnitTests.Admin.Console;

public sealed class ApiFormTests
{
    [Theory]
    [InlineData("endpoints.production.urls[1]", "productionUrls[1]")]
    [InlineData("endpoints.sandbox.urls", "sandboxUrls")]
    [InlineData("endpoints.production.strategy", "strategy")]
    [InlineData("authentication.jwtIssuer", "authModes")]
    [InlineData("context", "context")]
    public void Rename_ConfigPath_FormInput(string path, string expected) => Assert.Equal(expected, ApiForm.Rename(path));

    [Fact]
    public void ToConfig_ListenerAuthentication_NoOwnAuthentication()
    {
        var form = new ApiForm { Id = "chat", Name = "Chat", Context = "/chat", Version = "v1", UseListenerAuthentication = true, ProductionUrls = "ws://127.0.0.1:9/echo" };

        var config = form.ToConfig(null);

        Assert.Null(config.Authentication);
        Assert.Equal(["ws://127.0.0.1:9/echo"], config.Endpoints.Production.Urls);
    }
}
