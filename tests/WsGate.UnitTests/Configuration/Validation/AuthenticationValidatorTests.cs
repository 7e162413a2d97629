using WsGate.Configuration;
using WsGate.Configuration.Identity;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

/// <summary>The operating-system account and forward settings of a listener's or API's authentication, with the paths of their errors.</summary>
public sealed class AuthenticationValidatorTests
{
    private static readonly ForwardAuthConfig Forward = new() { Url = "http://127.0.0.1:8080/session/check" };

    private static IReadOnlyList<ConfigError> Validate(AuthenticationConfig authentication)
    {
        var errors = new ErrorSink();
        AuthenticationValidator.Validate(authentication, new GatewayConfig(), errors.At("listeners[0].authentication"));
        return errors.Errors;
    }

    private static void AssertOnlyError(IReadOnlyList<ConfigError> errors, string path)
    {
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Validate_Defaults_AnonymousWithWsGateAccountsAndNoErrors()
    {
        var config = new AuthenticationConfig();

        Assert.Empty(Validate(config));
        Assert.Equal(AccountSource.WsGate, config.Accounts);
        Assert.Null(config.Forward);
    }

    [Theory]
    [InlineData(AccountSource.System)]
    [InlineData(AccountSource.Both)]
    public void Validate_SystemAccountsWithBasic_HasNoErrors(AccountSource accounts)
    {
        Assert.Empty(Validate(new AuthenticationConfig { Modes = [AuthMode.Basic], Accounts = accounts }));
    }

    [Fact]
    public void Validate_SystemAccountsWithoutBasicOrUrl_ReportsAccounts()
    {
        AssertOnlyError(Validate(new AuthenticationConfig { Modes = [AuthMode.ApiKey], Accounts = AccountSource.System }), "listeners[0].authentication.accounts");
    }

    [Theory]
    [InlineData("")]
    [InlineData("../shadow")]
    [InlineData(".hidden")]
    [InlineData("pam service")]
    public void Validate_PamServiceNotAFileName_ReportsPamService(string service)
    {
        AssertOnlyError(Validate(new AuthenticationConfig { Modes = [AuthMode.Basic], Accounts = AccountSource.System, PamService = service }), "listeners[0].authentication.pamService");
    }

    [Fact]
    public void Validate_ForwardModeWithoutSettings_ReportsForward()
    {
        AssertOnlyError(Validate(new AuthenticationConfig { Modes = [AuthMode.Forward] }), "listeners[0].authentication.forward");
    }

    [Fact]
    public void Validate_ForwardModeWithUrl_HasNoErrors()
    {
        Assert.Empty(Validate(new AuthenticationConfig { Modes = [AuthMode.Forward], Forward = Forward with { Headers = ["Authorization", "X-Csrf-Token"], CacheSeconds = 30 } }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/session/check")]
    [InlineData("ftp://app.example/check")]
    [InlineData("https://user:pass@app.example/check")]
    public void Validate_ForwardUrlNotPlainHttp_ReportsForwardUrl(string url)
    {
        AssertOnlyError(Validate(new AuthenticationConfig { Modes = [AuthMode.Forward], Forward = Forward with { Url = url } }), "listeners[0].authentication.forward.url");
    }

    [Theory]
    [InlineData("Bad Header")]
    [InlineData("Cookie")]
    [InlineData("Host")]
    [InlineData("Sec-WebSocket-Key")]
    public void Validate_ForwardHeaderNotSendable_ReportsItsIndex(string header)
    {
        AssertOnlyError(
            Validate(new AuthenticationConfig { Modes = [AuthMode.Forward], Forward = Forward with { Headers = ["X-Fine", header] } }),
            "listeners[0].authentication.forward.headers[1]");
    }

    [Fact]
    public void Validate_ForwardNumbersOutOfRange_ReportsEach()
    {
        var errors = Validate(new AuthenticationConfig
        {
            Modes = [AuthMode.Forward],
            Forward = Forward with { CacheSeconds = -1, CacheSize = 0, TimeoutMs = 10, UserHeader = "", GroupsHeader = "a b" },
        });

        Assert.Equal(
            ["cacheSeconds", "cacheSize", "groupsHeader", "timeoutMs", "userHeader"],
            errors.Select(e => e.Path.Replace("listeners[0].authentication.forward.", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}
