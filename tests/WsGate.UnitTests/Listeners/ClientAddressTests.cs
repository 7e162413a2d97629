using System.Net;
using Microsoft.AspNetCore.Http;
using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.UnitTests.Listeners;

/// <summary>The client address behind trusted proxies: only trusted hops are walked, from the right.</summary>
public sealed class ClientAddressTests
{
    private static ListenerRuntime Listener(string[] trusted, string[]? deny = null) => new(new ListenerConfig
    {
        Id = "l",
        Bindings = ["127.0.0.1:0"],
        Proxies = new ProxiesConfig { Trusted = trusted },
        Access = new AccessConfig { Deny = deny ?? [] },
    }, new WorkerScheduler());

    private static DefaultHttpContext Request(string peer, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        context.Connection.RemotePort = 40000;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }

    [Fact]
    public void Resolve_TrustedPeerWithForwardedFor_RightmostUntrustedHop()
    {
        // The client wrote "6.6.6.6" itself; HAProxy appended the address it saw, then an internal proxy its own.
        var context = Request("10.0.0.2", ("X-Forwarded-For", "6.6.6.6, 198.51.100.7"), ("X-Forwarded-For", "10.0.0.9"));

        Assert.True(ClientAddress.Resolve(context, Listener(["10.0.0.0/8"])));
        Assert.Equal(IPAddress.Parse("198.51.100.7"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public void Resolve_UntrustedPeer_HeadersIgnored()
    {
        var context = Request("192.0.2.1", ("X-Forwarded-For", "198.51.100.7"));

        Assert.True(ClientAddress.Resolve(context, Listener(["10.0.0.0/8"])));
        Assert.Equal(IPAddress.Parse("192.0.2.1"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public void Resolve_Rfc7239Forwarded_PreferredWithQuotedIpv6AndPort()
    {
        var context = Request("127.0.0.1", ("Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\""), ("X-Forwarded-For", "203.0.113.1"));

        Assert.True(ClientAddress.Resolve(context, Listener(["127.0.0.1"])));
        Assert.Equal(IPAddress.Parse("2001:db8:cafe::17"), context.Connection.RemoteIpAddress);
        Assert.Equal(4711, context.Connection.RemotePort);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("_hidden")]
    [InlineData("not-an-address")]
    public void Resolve_UnusableHop_StopsAtTheLastTrustedAddress(string hop)
    {
        var context = Request("127.0.0.1", ("Forwarded", $"for=198.51.100.7, for={hop}"));

        Assert.True(ClientAddress.Resolve(context, Listener(["127.0.0.1"])));
        Assert.Equal(IPAddress.Loopback, context.Connection.RemoteIpAddress);
    }

    [Fact]
    public void Resolve_ForwardedAddressDenied_False()
    {
        var context = Request("127.0.0.1", ("X-Forwarded-For", "198.51.100.7"));

        Assert.False(ClientAddress.Resolve(context, Listener(["127.0.0.1"], deny: ["198.51.100.0/24"])));
    }

    [Fact]
    public void Resolve_TrustedPeerNoHeaders_AccessRulesStillApplyToThePeer()
    {
        // The accept loop skipped the rules for a trusted proxy; with nothing forwarded they apply to the proxy itself.
        var context = Request("127.0.0.1");

        Assert.False(ClientAddress.Resolve(context, Listener(["127.0.0.1"], deny: ["127.0.0.1"])));
    }
}
