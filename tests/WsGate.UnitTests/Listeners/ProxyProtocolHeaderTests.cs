using System.Net;
using WsGate.Listeners;

namespace WsGate.UnitTests.Listeners;

/// <summary>The PROXY protocol v2 header as HAProxy writes it (proxy-protocol.txt section 2.2), and what is refused.</summary>
public sealed class ProxyProtocolHeaderTests
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static byte[] Fixed(byte versionCommand, byte family, int length) =>
        [.. Signature, versionCommand, family, (byte)(length >> 8), (byte)length];

    [Fact]
    public void TryReadSource_ProxyInet_ClientAddressAndPort()
    {
        var fixedPart = Fixed(0x21, 0x11, 12);
        byte[] addresses = [203, 0, 113, 66, 127, 0, 0, 1, 0xC3, 0x50, 0x1F, 0x90];

        Assert.True(ProxyProtocolHeader.TryReadFixed(fixedPart, out var length, out _));
        Assert.True(ProxyProtocolHeader.TryReadSource(fixedPart, addresses, out var source, out _));
        Assert.Equal(12, length);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.66"), 50000), source);
    }

    [Fact]
    public void TryReadSource_ProxyInet6WithTlvs_ClientAddressAndPort()
    {
        var client = IPAddress.Parse("2001:db8::17");
        var addresses = new byte[36 + 7];
        client.GetAddressBytes().CopyTo(addresses, 0);
        IPAddress.IPv6Loopback.GetAddressBytes().CopyTo(addresses, 16);
        addresses[32] = 0x12;
        addresses[33] = 0x67;
        var fixedPart = Fixed(0x21, 0x21, addresses.Length);

        Assert.True(ProxyProtocolHeader.TryReadFixed(fixedPart, out var length, out _));
        Assert.True(ProxyProtocolHeader.TryReadSource(fixedPart, addresses, out var source, out _));
        Assert.Equal(43, length);
        Assert.Equal(new IPEndPoint(client, 4711), source);
    }

    [Fact]
    public void TryReadSource_LocalCommand_NoClientAddress()
    {
        var fixedPart = Fixed(0x20, 0x00, 0);

        Assert.True(ProxyProtocolHeader.TryReadSource(fixedPart, [], out var source, out var error));
        Assert.Null(source);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("v1", "send-proxy-v2")]
    [InlineData("plain http", "does not start with a PROXY protocol version 2 header")]
    [InlineData("version 3", "version 3 is not supported")]
    [InlineData("command 2", "unknown PROXY protocol command 2")]
    [InlineData("huge", "more than 2048")]
    public void TryReadFixed_NotAUsableHeader_RefusedWithReason(string shape, string reason)
    {
        var fixedPart = shape switch
        {
            "v1" => "PROXY TCP4 203.0.113.66 127.0.0.1 5000 80\r\n"u8[..16].ToArray(),
            "plain http" => "GET / HTTP/1.1\r\nHost: x\r\n"u8[..16].ToArray(),
            "version 3" => Fixed(0x31, 0x11, 12),
            "command 2" => Fixed(0x22, 0x11, 12),
            _ => Fixed(0x21, 0x11, 60_000),
        };

        Assert.False(ProxyProtocolHeader.TryReadFixed(fixedPart, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadSource_InetShorterThanItsAddresses_Refused()
    {
        var fixedPart = Fixed(0x21, 0x11, 8);

        Assert.False(ProxyProtocolHeader.TryReadSource(fixedPart, new byte[8], out _, out var error));
        Assert.Contains("shorter", error, StringComparison.Ordinal);
    }
}
