using WsGate.Admin.Console;

namespace WsGate.UnitTests.Admin.Console;

public sealed class LoginDestinationTests
{
    [Theory]
    [InlineData(null, true, "/console")]
    [InlineData(null, false, "/portal")]
    [InlineData("https://evil.example/console", true, "/console")]
    [InlineData("//evil.example/console", true, "/console")]
    [InlineData("/\\evil.example", true, "/console")]
    [InlineData("/api/v1/listeners", true, "/console")]
    [InlineData("/console/login?ReturnUrl=%2Fconsole", true, "/console")]
    public void Destination_NotAConsolePage_HomeForTheRoles(string? returnUrl, bool staff, string expected) =>
        Assert.Equal(expected, LoginModel.Destination(returnUrl, staff));

    [Fact]
    public void Destination_FormPost_SamePageAsGetMarkedSignedIn() =>
        Assert.Equal("/console/listeners/edit?id=public_ws&signedin=1", LoginModel.Destination("/console/listeners/edit?id=public_ws&handler=save", staff: true));

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/listeners")]
    public void Destination_SubscriberFromAConsolePage_ThePortal(string returnUrl) =>
        Assert.Equal("/portal", LoginModel.Destination(returnUrl, staff: false));

    [Fact]
    public void Destination_SubscriberFromAPortalPage_BackToIt() =>
        Assert.Equal("/portal/apis?signedin=1", LoginModel.Destination("/portal/apis", staff: false));
}
