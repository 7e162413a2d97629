using System.Net;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class BindAddressTests
{
    [Fact]
    public void TryParse_Ipv4AndPort_ParsesBoth()
    {
        Assert.True(BindAddress.TryParse("127.0.0.1:8080", out var binding, out var error));

        Assert.Equal(IPAddress.Loopback, binding.Address);
        Assert.Equal(8080, binding.Port);
        Assert.Equal("", error);
        Assert.False(binding.IsWildcard);
    }

    [Fact]
    public void TryParse_BracketedIpv6_ParsesBoth()
    {
        Assert.True(BindAddress.TryParse("[::1]:9000", out var binding, out _));

        Assert.Equal(IPAddress.IPv6Loopback, binding.Address);
        Assert.Equal(9000, binding.Port);
    }

    [Theory]
    [InlineData("0.0.0.0:80")]
    [InlineData("[::]:80")]
    public void TryParse_Wildcard_IsWildcard(string text)
    {
        Assert.True(BindAddress.TryParse(text, out var binding, out _));

        Assert.True(binding.IsWildcard);
    }

    [Fact]
    public void TryParse_PortZero_IsAccepted()
    {
        Assert.True(BindAddress.TryParse("127.0.0.1:0", out var binding, out _));

        Assert.Equal(0, binding.Port);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData("[::1]")]
    [InlineData("::1:8080")]
    public void TryParse_MissingPortOrUnbracketedIpv6_Fails(string text)
    {
        Assert.False(BindAddress.TryParse(text, out _, out var error));

        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_Empty_FailsSayingEmpty(string? text)
    {
        Assert.False(BindAddress.TryParse(text, out _, out var error));

        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:99999999999")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:+80")]
    [InlineData("127.0.0.1:http")]
    public void TryParse_PortOutOfRangeOrNotANumber_FailsNamingPort(string text)
    {
        Assert.False(BindAddress.TryParse(text, out _, out var error));

        Assert.Contains("port", error, StringComparison.Ordinal);
        Assert.Contains("65535", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Port65535_IsAccepted()
    {
        Assert.True(BindAddress.TryParse("127.0.0.1:65535", out var binding, out _));

        Assert.Equal(65535, binding.Port);
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("example.com:443")]
    public void TryParse_Hostname_IsRefused(string text)
    {
        Assert.False(BindAddress.TryParse(text, out _, out var error));

        Assert.Contains("is not an IP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => BindAddress.Parse("localhost:80"));
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080", true)]
    [InlineData("0.0.0.0:8080", "127.0.0.1:8080", true)]
    [InlineData("127.0.0.1:8080", "0.0.0.0:8080", true)]
    [InlineData("[::]:8080", "[::1]:8080", true)]
    [InlineData("[::]:8080", "[::]:8080", true)]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8081", false)]
    [InlineData("127.0.0.1:8080", "127.0.0.2:8080", false)]
    [InlineData("0.0.0.0:8080", "[::1]:8080", false)]
    [InlineData("[::]:8080", "127.0.0.1:8080", false)]
    [InlineData("0.0.0.0:8080", "[::]:8080", false)]
    [InlineData("127.0.0.1:0", "127.0.0.1:0", false)]
    [InlineData("0.0.0.0:0", "127.0.0.1:0", false)]
    public void Overlaps_Pairs_MatchSocketRules(string a, string b, bool expected)
    {
        var first = BindAddress.Parse(a);
        var second = BindAddress.Parse(b);

        Assert.Equal(expected, first.Overlaps(second));
        Assert.Equal(expected, second.Overlaps(first));
    }

    [Fact]
    public void ToString_Ipv6_IsBracketed()
    {
        Assert.Equal("[::1]:8080", BindAddress.Parse("[::1]:8080").ToString());
    }

    [Fact]
    public void TryParse_PortAlone_EveryInterfaceOfBothFamilies()
    {
        Assert.True(BindAddress.TryParse("8080", out var binding, out _));

        Assert.True(binding.AllInterfaces);
        Assert.Equal(System.Net.IPAddress.IPv6Any, binding.Address);
        Assert.Equal(8080, binding.Port);
        Assert.Equal("8080", binding.ToString());
    }

    [Theory]
    [InlineData("65536")]
    [InlineData("99999999999")]
    public void TryParse_PortAloneOutOfRange_FailsNamingPort(string text)
    {
        Assert.False(BindAddress.TryParse(text, out _, out var error));

        Assert.Contains("65535", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("0.0.0.0:8080")]
    [InlineData("[::1]:8080")]
    [InlineData("8080")]
    public void Overlaps_PortAloneAndAnyAddressOnThatPort_Clash(string other)
    {
        Assert.True(BindAddress.Parse("8080").Overlaps(BindAddress.Parse(other)));
        Assert.True(BindAddress.Parse(other).Overlaps(BindAddress.Parse("8080")));
        Assert.False(BindAddress.Parse("8080").Overlaps(BindAddress.Parse("127.0.0.1:8081")));
    }
}
