using WsGate.Configuration;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class ConfigValidatorTests
{
    private static ListenerConfig Listener(string id, params string[] bindings) => new() { Id = id, Bindings = bindings };

    private static GatewayConfig Config(params ListenerConfig[] listeners) => new() { Listeners = listeners };

    [Fact]
    public void Validate_EmptyConfig_HasNoErrors()
    {
        Assert.Empty(ConfigValidator.Validate(GatewayConfig.Empty));
    }

    [Fact]
    public void Validate_DistinctListeners_HasNoErrors()
    {
        var config = Config(Listener("a", "127.0.0.1:8080"), Listener("b", "127.0.0.1:8081"), Listener("c", "[::1]:8080"));

        Assert.Empty(ConfigValidator.Validate(config));
    }

    [Fact]
    public void Validate_FieldError_PathIsRelativeToTheDocument()
    {
        var config = Config(Listener("a", "127.0.0.1:8080"), Listener("b", "127.0.0.1:8081", "127.0.0.1:x") with { Backlog = 0 });

        var errors = ConfigValidator.Validate(config);

        Assert.Equal(["listeners[1].bindings[1]", "listeners[1].backlog"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_NestedFieldError_PathIsRelativeToTheDocument()
    {
        var config = Config(Listener("a", "127.0.0.1:8080") with
        {
            Endpoints = [new EndpointConfig { Path = "/ok" }, new EndpointConfig { Path = "bad" }],
            Access = new AccessConfig { Deny = ["nope"] },
        });

        var errors = ConfigValidator.Validate(config);

        Assert.Equal(["listeners[0].access.deny[0]", "listeners[0].endpoints[1].path"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_FocusedListener_PathIsRelativeToThatListener()
    {
        var config = Config(
            Listener("other", "127.0.0.1:8080") with { Backlog = 0 },
            Listener("mine", "localhost:8081") with { Endpoints = [new EndpointConfig { Path = "bad" }] });

        var errors = ConfigValidator.Validate(config, focusListenerId: "MINE");

        Assert.Equal(["listeners[0].backlog", "bindings[0]", "endpoints[0].path"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_DuplicateIdOfOtherCase_ReportsTheSecond()
    {
        var errors = ConfigValidator.Validate(Config(Listener("main", "127.0.0.1:8080"), Listener("MAIN", "127.0.0.1:8081")));

        var error = Assert.Single(errors);
        Assert.Equal("listeners[1].id", error.Path);
        Assert.Contains("case-insensitive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateAlias_ReportsTheSecondNamingTheHolder()
    {
        var config = Config(
            Listener("a", "127.0.0.1:8080") with { Alias = "public" },
            Listener("b", "127.0.0.1:8081") with { Alias = "Public" });

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("listeners[1].alias", error.Path);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData("0.0.0.0:8080", "127.0.0.1:8080")]
    [InlineData("[::1]:8080", "[::]:8080")]
    public void Validate_EnabledListenersOverlapping_ReportsTheBindingOfTheSecond(string first, string second)
    {
        var config = Config(Listener("a", first), Listener("b", "127.0.0.1:9000", second));

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("listeners[1].bindings[1]", error.Path);
        Assert.Contains("listener 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EnabledListenersOverlapping_FocusedSecondGetsRelativePath()
    {
        var config = Config(Listener("a", "127.0.0.1:8080"), Listener("b", "127.0.0.1:8080"));

        var error = Assert.Single(ConfigValidator.Validate(config, focusListenerId: "b"));

        Assert.Equal("bindings[0]", error.Path);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Validate_DisabledListenerSharingABinding_HasNoErrors(bool firstEnabled, bool secondEnabled)
    {
        var config = Config(
            Listener("a", "127.0.0.1:8080") with { Enabled = firstEnabled },
            Listener("b", "127.0.0.1:8080") with { Enabled = secondEnabled });

        Assert.Empty(ConfigValidator.Validate(config));
    }

    [Fact]
    public void Validate_ListenersOnPortZero_HasNoErrors()
    {
        Assert.Empty(ConfigValidator.Validate(Config(Listener("a", "127.0.0.1:0"), Listener("b", "127.0.0.1:0"))));
    }

    [Fact]
    public void Validate_CertificateWithoutFiles_ReportsCertificatePath()
    {
        var config = new GatewayConfig { Certificates = [new CertificateConfig { Name = "site" }] };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("certificates[0].certificateFile", error.Path);
    }

    [Fact]
    public void Validate_FocusedCertificate_PathIsRelative()
    {
        var config = new GatewayConfig { Certificates = [new CertificateConfig { Name = "site" }] };

        var error = Assert.Single(ConfigValidator.Validate(config, focusCertificate: "SITE"));

        Assert.Equal("certificateFile", error.Path);
    }

    [Fact]
    public void ThrowIfInvalid_Errors_ThrowsWithEveryError()
    {
        var config = Config(Listener("1bad", "127.0.0.1:8080") with { Backlog = 0 });

        var ex = Assert.Throws<ConfigValidationException>(() => ConfigValidator.ThrowIfInvalid(config));

        Assert.Equal(["listeners[0].id", "listeners[0].backlog"], ex.Errors.Select(e => e.Path));
        Assert.Contains("listeners[0].backlog: must be from 1 to 65535", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_ValidConfig_DoesNotThrow()
    {
        var error = Record.Exception(() => ConfigValidator.ThrowIfInvalid(Config(Listener("a", "127.0.0.1:8080"))));

        Assert.Null(error);
    }
}
