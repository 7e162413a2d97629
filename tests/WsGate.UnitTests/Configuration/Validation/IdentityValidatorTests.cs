using WsGate.Configuration;
using WsGate.Configuration.Identity;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class IdentityValidatorTests
{
    [Fact]
    public void Validate_Defaults_HasNoErrors() => Assert.Empty(Errors(new IdentityConfig()));

    [Theory]
    [InlineData(59, 60, "refreshTokenLifetimeSeconds")]
    [InlineData(31_536_001, 60, "refreshTokenLifetimeSeconds")]
    [InlineData(86_400, 0, "authorizationCodeLifetimeSeconds")]
    [InlineData(86_400, 601, "authorizationCodeLifetimeSeconds")]
    public void Validate_LifetimeOutOfRange_NamesTheField(int refresh, int code, string field)
    {
        var errors = Errors(new IdentityConfig { RefreshTokenLifetimeSeconds = refresh, AuthorizationCodeLifetimeSeconds = code });

        Assert.Equal([field], errors.Select(e => e.Path));
    }

    [Fact]
    public void ToYaml_Lifetimes_RoundTrip()
    {
        var config = GatewayConfig.Empty with { Identity = new IdentityConfig { RefreshTokenLifetimeSeconds = 7200, AuthorizationCodeLifetimeSeconds = 30 } };

        var yaml = ConfigSerializer.ToYaml(config);
        var read = ConfigSerializer.FromYaml(yaml).Identity;

        Assert.Contains("refreshTokenLifetimeSeconds: 7200", yaml, StringComparison.Ordinal);
        Assert.Equal((7200, 30), (read.RefreshTokenLifetimeSeconds, read.AuthorizationCodeLifetimeSeconds));
    }

    private static IReadOnlyList<ConfigError> Errors(IdentityConfig identity)
    {
        var errors = new ErrorSink();
        IdentityValidator.Validate(identity, errors);
        return errors.Errors;
    }
}
