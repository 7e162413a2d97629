using WsGate.Configuration;
using WsGate.Configuration.Rules;
using WsGate.Rules;

namespace WsGate.UnitTests.Rules;

public sealed class RuleIndexTests
{
    private static readonly RuleIndex Index = new(new GatewayConfig
    {
        Rules =
        [
            new RuleConfig { Id = "a", Trigger = new() { Api = "Chat_V1" }, Actions = [new()] },
            new RuleConfig { Id = "e", Trigger = new() { Type = TriggerType.Opened, Endpoint = "/Echo/" }, Actions = [new()] },
            new RuleConfig { Id = "c", Trigger = new() { Channel = "News" }, Actions = [new()] },
            new RuleConfig { Id = "off", Enabled = false, Trigger = new() { Client = "feed" }, Actions = [new()] },
            new RuleConfig { Id = "h", Trigger = new() { Type = TriggerType.HttpRequest, Listener = "default", Path = "/hook", Method = "POST" }, Actions = [new()] },
        ],
        Bridges = [new BridgeConfig { Id = "b", Client = "Quotes", Channel = "ticker", Direction = BridgeDirection.ClientToChannel }],
    });

    [Theory]
    [InlineData(TriggerType.Message, RuleSource.Api, "chat_v1", true)]
    [InlineData(TriggerType.Opened, RuleSource.Api, "chat_v1", false)]
    [InlineData(TriggerType.Opened, RuleSource.Endpoint, "/echo", true)]
    [InlineData(TriggerType.Message, RuleSource.Endpoint, "/echo", false)]
    [InlineData(TriggerType.Message, RuleSource.Channel, "News", true)]
    [InlineData(TriggerType.Message, RuleSource.Channel, "news", false)]
    [InlineData(TriggerType.Message, RuleSource.Client, "feed", false)]
    [InlineData(TriggerType.Message, RuleSource.Client, "QUOTES", true)]
    [InlineData(TriggerType.Message, RuleSource.Channel, "ticker", false)]
    public void Listens_SourcesAsRequestsNameThem(TriggerType trigger, RuleSource source, string id, bool expected) =>
        Assert.Equal(expected, Index.Listens(trigger, source, id));

    [Fact]
    public void HttpRuleFor_PathAndMethod_ClaimedOnlyForThem()
    {
        Assert.Equal("h", Index.HttpRuleFor("DEFAULT", "/hook/", "post"));
        Assert.Null(Index.HttpRuleFor("default", "/hook", "GET"));
        Assert.Null(Index.HttpRuleFor("other", "/hook", "POST"));
    }
}
