using WsGate.Configuration;
using WsGate.Configuration.Throttling;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class ThrottlingValidatorTests
{
    [Fact]
    public void Validate_DefaultTiers_HaveNoErrors()
    {
        Assert.Empty(ConfigValidator.Validate(GatewayConfig.Empty));
        Assert.Equal(["Unlimited", "Gold", "Silver", "Bronze"], GatewayConfig.Empty.Tiers.Select(t => t.Name));
    }

    [Theory]
    [InlineData(0, "windowMs")]
    [InlineData(-1000, "windowMs")]
    public void Validate_ZeroOrNegativeWindow_NamesField(int windowMs, string field)
    {
        var errors = Validate(new TierConfig { Name = "T", Rate = new RateLimitConfig { MessagesPerWindow = 5, WindowMs = windowMs } });

        Assert.Contains($"tiers[0].rate.{field}", errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_LimitsThatCannotBeMet_NameFields()
    {
        var errors = Validate(
            new TierConfig { Name = "Burst", Rate = new RateLimitConfig { MessagesPerWindow = 5, Burst = 6 } },
            new TierConfig { Name = "BurstAlone", Rate = new RateLimitConfig { Burst = 6 } },
            new TierConfig { Name = "Bytes", Rate = new RateLimitConfig { BytesPerWindow = 1000 } },
            new TierConfig { Name = "Users", MaxConnectionsPerApplication = 1, MaxConnectionsPerUser = 2 });

        Assert.Equal(
            ["tiers[0].rate.burst", "tiers[1].rate.burst", "tiers[2].rate.bytesPerWindow", "tiers[3].maxConnectionsPerUser"],
            errors.Select(e => e.Path));
        Assert.Contains("cannot be met", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("needs messagesPerWindow", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownActionAndDirection_NamesFields()
    {
        var errors = Validate(new TierConfig { Name = "T", Rate = new RateLimitConfig { MessagesPerWindow = 1, Action = (ThrottleAction)42, Count = (ThrottleDirection)9 } });

        Assert.Equal(["tiers[0].rate.count", "tiers[0].rate.action"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_DuplicateTierNamesIgnoringCase_NamesSecond()
    {
        var errors = Validate(new TierConfig { Name = "Gold" }, new TierConfig { Name = "GOLD" });

        var error = Assert.Single(errors);
        Assert.Equal("tiers[1].name", error.Path);
    }

    [Fact]
    public void Validate_BadOutboundQueueOnEndpointAndApi_NamesPaths()
    {
        var config = new GatewayConfig
        {
            Listeners =
            [
                new ListenerConfig
                {
                    Id = "edge",
                    Bindings = ["127.0.0.1:8080"],
                    Endpoints = [new EndpointConfig { Path = "/feed", OutboundQueue = new OutboundQueueConfig { MaxMessages = 0, MaxBytes = -1 } }],
                    Throttling = new ThrottlingConfig { MaxConnectionsPerClientIp = -1, PerClientIp = new RateLimitConfig { WindowMs = 0 } },
                },
            ],
        };

        var errors = ConfigValidator.Validate(config).Select(e => e.Path).ToList();

        Assert.Equal(
            ["listeners[0].throttling.perClientIp.windowMs", "listeners[0].throttling.maxConnectionsPerClientIp", "listeners[0].endpoints[0].outboundQueue.maxMessages", "listeners[0].endpoints[0].outboundQueue.maxBytes"],
            errors);
    }

    [Fact]
    public void Validate_ErrorMessageTemplate_MustBeJsonObject()
    {
        Assert.Empty(Validate(new TierConfig { Name = "Ok", Rate = new RateLimitConfig { MessagesPerWindow = 1, ErrorMessage = """{"retry":{retryAfterMs},"scope":"{scope}"}""" } }));
        Assert.Equal(
            "tiers[0].rate.errorMessage",
            Assert.Single(Validate(new TierConfig { Name = "Bad", Rate = new RateLimitConfig { MessagesPerWindow = 1, ErrorMessage = "[1,2]" } })).Path);
    }

    private static IReadOnlyList<ConfigError> Validate(params TierConfig[] tiers) =>
        ConfigValidator.Validate(new GatewayConfig { Tiers = tiers });
}
