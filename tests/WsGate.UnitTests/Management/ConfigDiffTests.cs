using WsGate.Configuration;
using WsGate.Configuration.Identity;
using WsGate.Management;

namespace WsGate.UnitTests.Management;

public sealed class ConfigDiffTests
{
    private static ListenerConfig Listener(string id, int port) => new() { Id = id, Bindings = [$"127.0.0.1:{port}"] };

    [Fact]
    public void Compute_SameConfiguration_NoChanges()
    {
        var config = new GatewayConfig { Listeners = [Listener("a", 8080), Listener("b", 8081)] };

        Assert.Empty(ConfigDiff.Compute(config, config with { }));
    }

    [Fact]
    public void Compute_ListReordered_NoChanges()
    {
        var before = new GatewayConfig { Listeners = [Listener("a", 8080), Listener("b", 8081)] };
        var after = new GatewayConfig { Listeners = [Listener("b", 8081), Listener("a", 8080)] };

        Assert.Empty(ConfigDiff.Compute(before, after));
    }

    [Fact]
    public void Compute_OneFieldOfOneListener_OnlyThatFieldNamedById()
    {
        var before = new GatewayConfig { Listeners = [Listener("a", 8080), Listener("b", 8081)] };
        var after = new GatewayConfig { Listeners = [Listener("a", 8080), Listener("b", 8081) with { Backlog = 64 }] };

        var change = Assert.Single(ConfigDiff.Compute(before, after));

        Assert.Equal("listeners[b].backlog", change.Path);
        Assert.Equal(ConfigChange.Changed, change.Kind);
        Assert.Equal(new ListenerConfig().Backlog, change.Before!.GetValue<int>());
        Assert.Equal(64, change.After!.GetValue<int>());
    }

    [Fact]
    public void Compute_ListenerAddedAndRemoved_WholeItemsWithTheirValues()
    {
        var before = new GatewayConfig { Listeners = [Listener("a", 8080)] };
        var after = new GatewayConfig { Listeners = [Listener("b", 8081)] };

        var changes = ConfigDiff.Compute(before, after);

        Assert.Collection(
            changes,
            removed =>
            {
                Assert.Equal(("listeners[a]", ConfigChange.Removed), (removed.Path, removed.Kind));
                Assert.Equal("127.0.0.1:8080", removed.Before!["bindings"]![0]!.GetValue<string>());
            },
            added =>
            {
                Assert.Equal(("listeners[b]", ConfigChange.Added), (added.Path, added.Kind));
                Assert.Null(added.Before);
            });
    }

    [Fact]
    public void Compute_SecretChanged_ReportedButShownMasked()
    {
        static GatewayConfig WithSecret(string secret) => new()
        {
            Identity = new IdentityConfig { JwtIssuers = [new JwtIssuerConfig { Name = "idp", Issuer = "https://idp", HmacSecret = secret }] },
        };

        var change = Assert.Single(ConfigDiff.Compute(WithSecret("old-secret-0123456789abcdef0123456789"), WithSecret("new-secret-0123456789abcdef0123456789")));

        Assert.Equal("identity.jwtIssuers[idp].hmacSecret", change.Path);
        Assert.DoesNotContain("secret-0123", change.Before!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-0123", change.After!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("listeners[a]", true)]
    [InlineData("listeners[ab]", false)]
    [InlineData("listeners", true)]
    public void Touches_PathPrefix_MatchesTheItemAndItsFieldsOnly(string prefix, bool expected)
    {
        ConfigChange[] changes = [new("listeners[a].backlog", ConfigChange.Changed, null, null)];

        Assert.Equal(expected, ConfigDiff.Touches(changes, prefix));
    }
}
