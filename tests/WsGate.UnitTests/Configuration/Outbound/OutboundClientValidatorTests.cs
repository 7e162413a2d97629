using WsGate.Configuration;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Outbound;

public sealed class OutboundClientValidatorTests
{
    private static readonly OutboundClientConfig Valid = new() { Id = "feed", Host = "example.com" };

    private static List<string> Paths(OutboundClientConfig client)
    {
        var errors = new ErrorSink();
        OutboundClientValidator.Validate(client, GatewayConfig.Empty, errors);
        return errors.Errors.Select(e => e.Path).ToList();
    }

    [Fact]
    public void Validate_HostOnly_HasNoErrors() => Assert.Empty(Paths(Valid));

    [Fact]
    public void Validate_UrlOnly_HasNoErrors() => Assert.Empty(Paths(new OutboundClientConfig { Id = "feed", Url = "wss://h:9443/x?y=1" }));

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-1)]
    public void Validate_PortOutOfRange_NamesPort(int port) => Assert.Equal(["port"], Paths(Valid with { Port = port }));

    [Fact]
    public void Validate_UrlThatDoesNotParse_NamesUrl() => Assert.Equal(["url"], Paths(new OutboundClientConfig { Id = "feed", Url = "not a url" }));

    [Fact]
    public void Validate_UrlWithPortOutOfRange_NamesUrl() => Assert.Equal(["url"], Paths(new OutboundClientConfig { Id = "feed", Url = "ws://h:99999/" }));

    [Theory]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("")]
    public void Validate_IdAgainstRoboTaskRules_NamesId(string id) => Assert.Equal(["id"], Paths(Valid with { Id = id }));

    [Fact]
    public void Validate_ReservedHeader_NamesHeader() =>
        Assert.Equal(["headers.Sec-WebSocket-Key"], Paths(Valid with { Headers = new Dictionary<string, string> { ["Sec-WebSocket-Key"] = "x" } }));

    [Theory]
    [InlineData("Keep-Alive")]
    [InlineData("proxy-connection")]
    public void Validate_HopByHopHeader_NamesHeader(string name) =>
        Assert.Equal([$"headers.{name}"], Paths(Valid with { Headers = new Dictionary<string, string> { [name] = "x" } }));

    [Fact]
    public void Validate_ReconnectCeilingBelowInterval_NamesCeiling() =>
        Assert.Equal(["reconnect.maxIntervalSeconds"], Paths(Valid with { Reconnect = new ReconnectConfig { IntervalSeconds = 10, MaxIntervalSeconds = 5 } }));

    [Fact]
    public void Validate_MissingCaBundle_NamesTlsField() =>
        Assert.Equal(["tls.caBundleFile"], Paths(Valid with { Tls = new() { CaBundleFile = "/nonexistent/ca.pem" } }));

    [Fact]
    public void ConfigValidator_TwoClientsSameIdDifferentCase_Refused()
    {
        var config = new GatewayConfig { Clients = [Valid, Valid with { Id = "FEED" }] };
        Assert.Contains(ConfigValidator.Validate(config), e => e.Path == "clients[1].id");
    }
}
