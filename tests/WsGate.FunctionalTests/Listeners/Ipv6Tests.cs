using System.Net;
using System.Net.Sockets;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>A listener on the IPv6 loopback echoes where the machine has one, and otherwise reports the failure.</summary>
public sealed class Ipv6Tests
{
    [Fact]
    public async Task Post_Ipv6LoopbackListener_EchoesOrReportsFailure()
    {
        await using var server = await TestServer.StartAsync();

        var view = await CreateAsync(server, EchoListener("v6", "[::1]:0"));

        if (HasIpv6Loopback())
        {
            Assert.Equal("enabled", State(view));
            var uri = server.ListenerUri("v6", "/echo");
            Assert.Equal("[::1]", uri.Host);
            await AssertEchoesAsync(uri, "over ipv6");
        }
        else
        {
            // No IPv6 loopback here: the listener must say it failed rather than pretend to be up.
            Assert.Equal("failed", State(view));
            Assert.False(string.IsNullOrEmpty(view.GetProperty("failureReason").GetString()));
        }

        await AssertEchoesAsync(server.EchoUri, "ipv4 unaffected");
    }

    private static bool HasIpv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
