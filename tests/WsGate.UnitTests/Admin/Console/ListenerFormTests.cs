using WsGate.Admin.Console.Listeners;
using WsGate.Configuration;

namespace WsGate.UnitTests.Admin.Console;

public sealed class ListenerFormTests
{
    [Fact]
    public void ToConfig_BlankRows_LeftOutAndMappedBackToTheirRows()
    {
        var form = new ListenerForm
        {
            Id = "edge",
            Bindings = " 127.0.0.1:9001 \n\n127.0.0.1:9002",
            Endpoints = [new EndpointRow { Path = "" }, new EndpointRow { Path = "/echo" }, new EndpointRow { Path = " " }, new EndpointRow { Path = "/chan", Kind = EndpointKind.Channel }],
        };

        var config = form.ToConfig(null, out var rows);

        Assert.Equal(["127.0.0.1:9001", "127.0.0.1:9002"], config.Bindings);
        Assert.Equal(["/echo", "/chan"], config.Endpoints.Select(e => e.Path));
        Assert.Equal([1, 3], rows);
    }

    [Fact]
    public void ToConfig_Existing_KeepsIdAndSettingsTheFormDoesNotShow()
    {
        var existing = new ListenerConfig
        {
            Id = "edge",
            Bindings = ["127.0.0.1:9001"],
            HttpFallback = new HttpFallbackConfig { Mode = HttpFallbackMode.Html, Html = "<p>WebSockets only</p>" },
        };
        var form = ListenerForm.From(existing);
        form.Id = "renamed";
        form.MaxConnections = 50;

        var config = form.ToConfig(existing, out _);

        Assert.Equal("edge", config.Id);
        Assert.Equal(50, config.MaxConnections);
        Assert.Equal(existing.HttpFallback, config.HttpFallback);
    }

    [Fact]
    public void ToConfig_FrontSideAndPublicUrl_ReadFromTheForm()
    {
        var form = new ListenerForm
        {
            Id = "edge",
            Bindings = "127.0.0.1:9001",
            PublicUrl = " wss://chat.example.com/ws ",
            AllowWebSocketUpgrade = false,
            AllowedMethods = "GET, head\nPOST",
            AllowedHttpVersions = "1.1 2",
            MaxConnectionDurationMs = 60_000,
            Endpoints = [new EndpointRow { Path = "/echo", MaxConnectionDurationMs = 5_000 }, new EndpointRow { Path = "/chan", Kind = EndpointKind.Channel }],
        };

        var config = form.ToConfig(null, out _);

        Assert.Equal("wss://chat.example.com/ws", config.PublicUrl);
        Assert.False(config.AllowWebSocketUpgrade);
        Assert.Equal(["GET", "head", "POST"], config.AllowedMethods);
        Assert.Equal(["1.1", "2"], config.AllowedHttpVersions);
        Assert.Equal(60_000, config.MaxConnectionDurationMs);
        Assert.Equal([5_000, null], config.Endpoints.Select(e => e.MaxConnectionDurationMs));
    }

    [Fact]
    public void ToConfig_ExistingEndpoint_KeepsItsOutboundQueue()
    {
        var queue = new WsGate.Configuration.Throttling.OutboundQueueConfig { MaxMessages = 7 };
        var existing = new ListenerConfig { Id = "edge", Bindings = ["127.0.0.1:9001"], Endpoints = [new EndpointConfig { Path = "/echo", OutboundQueue = queue }] };
        var form = ListenerForm.From(existing);
        form.Endpoints[0].MaxConnectionDurationMs = 1_000;

        var config = form.ToConfig(existing, out _);

        Assert.Equal(queue, config.Endpoints[0].OutboundQueue);
        Assert.Equal(1_000, config.Endpoints[0].MaxConnectionDurationMs);
    }
}
