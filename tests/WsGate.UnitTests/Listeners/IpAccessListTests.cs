using System.Net;
using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.UnitTests.Listeners;

public sealed class IpAccessListTests
{
    private static bool Allowed(AccessConfig config, string address) => new IpAccessList(config).IsAllowed(IPAddress.Parse(address));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("203.0.113.9")]
    public void IsAllowed_DefaultConfig_AllowsEveryone(string address)
    {
        Assert.True(IpAccessList.AllowAll.IsAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.1.2.3", false)]
    [InlineData("10.255.0.1", false)]
    [InlineData("192.168.0.7", false)]
    [InlineData("192.168.0.8", true)]
    [InlineData("11.0.0.1", true)]
    public void IsAllowed_AllowByDefaultWithDenyList_DeniesOnlyListed(string address, bool expected)
    {
        var config = new AccessConfig { Mode = AccessMode.AllowByDefault, Deny = ["10.0.0.0/8", "192.168.0.7"] };

        Assert.Equal(expected, Allowed(config, address));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("11.0.0.1", false)]
    public void IsAllowed_DenyByDefaultWithAllowList_AllowsOnlyListed(string address, bool expected)
    {
        var config = new AccessConfig { Mode = AccessMode.DenyByDefault, Allow = ["10.0.0.0/8", "127.0.0.1"] };

        Assert.Equal(expected, Allowed(config, address));
    }

    [Fact]
    public void IsAllowed_DenyByDefaultWithEmptyAllowList_DeniesEveryone()
    {
        Assert.False(Allowed(new AccessConfig { Mode = AccessMode.DenyByDefault }, "127.0.0.1"));
    }

    [Theory]
    [InlineData(AccessMode.AllowByDefault)]
    [InlineData(AccessMode.DenyByDefault)]
    public void IsAllowed_AddressOnBothLists_DenyWins(AccessMode mode)
    {
        var config = new AccessConfig { Mode = mode, Allow = ["10.0.0.0/8"], Deny = ["10.0.0.5"] };

        Assert.False(Allowed(config, "10.0.0.5"));
        Assert.True(Allowed(config, "10.0.0.6"));
    }

    [Fact]
    public void IsAllowed_Ipv4MappedIpv6Client_MatchesIpv4Rules()
    {
        var config = new AccessConfig { Mode = AccessMode.DenyByDefault, Allow = ["192.168.1.0/24"], Deny = ["192.168.1.66"] };

        Assert.True(Allowed(config, "::ffff:192.168.1.10"));
        Assert.False(Allowed(config, "::ffff:192.168.1.66"));
        Assert.False(Allowed(config, "::ffff:10.0.0.1"));
    }

    [Fact]
    public void IsAllowed_Ipv4MappedRuleEntry_MatchesPlainIpv4Client()
    {
        var config = new AccessConfig { Mode = AccessMode.DenyByDefault, Allow = ["::ffff:10.0.0.1"] };

        Assert.True(Allowed(config, "10.0.0.1"));
        Assert.True(Allowed(config, "::ffff:10.0.0.1"));
    }

    [Theory]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db8:ffff::1", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData("::1", true)]
    [InlineData("::2", false)]
    [InlineData("fe80::1", false)]
    public void IsAllowed_Ipv6RangesAndSingleAddress_MatchByPrefix(string address, bool expected)
    {
        var config = new AccessConfig { Mode = AccessMode.DenyByDefault, Allow = ["2001:db8::/32", "::1"] };

        Assert.Equal(expected, Allowed(config, address));
    }

    [Fact]
    public void IsAllowed_Ipv4RuleAndIpv6Client_DoNotMatch()
    {
        var config = new AccessConfig { Mode = AccessMode.AllowByDefault, Deny = ["0.0.0.0/0"] };

        Assert.False(Allowed(config, "203.0.113.1"));
        Assert.True(Allowed(config, "2001:db8::1"));
    }

    [Fact]
    public void IsAllowed_Ipv6DenyRange_DeniesInsideOnly()
    {
        var config = new AccessConfig { Mode = AccessMode.AllowByDefault, Deny = ["fd00::/8"] };

        Assert.False(Allowed(config, "fd12:3456::1"));
        Assert.True(Allowed(config, "fe80::1"));
    }

    [Theory]
    [InlineData(AccessMode.AllowByDefault, new string[0], true)]
    [InlineData(AccessMode.AllowByDefault, new[] { "10.0.0.0/8" }, false)]
    [InlineData(AccessMode.DenyByDefault, new string[0], false)]
    public void IsAllowed_UnknownAddress_AllowedOnlyWhenNothingIsDenied(AccessMode mode, string[] deny, bool expected)
    {
        var list = new IpAccessList(new AccessConfig { Mode = mode, Deny = deny });

        Assert.Equal(expected, list.IsAllowed(null));
    }
}
