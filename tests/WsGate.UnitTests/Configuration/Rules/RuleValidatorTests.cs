using WsGate.Configuration;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Rules;

public sealed class RuleValidatorTests
{
    private static readonly GatewayConfig Config = new()
    {
        Listeners = [new ListenerConfig { Id = "default", Bindings = ["127.0.0.1:8080"], Endpoints = [new EndpointConfig { Path = "/echo" }] }],
        Clients = [new OutboundClientConfig { Id = "feed", Host = "h" }],
    };

    private static readonly RuleConfig Valid = new()
    {
        Id = "r",
        Trigger = new TriggerConfig { Client = "feed" },
        Actions = [new ActionConfig { Type = ActionType.Log }],
    };

    private static List<string> Paths(RuleConfig rule)
    {
        var errors = new ErrorSink();
        RuleValidator.Validate(rule, Config, errors);
        return errors.Errors.Select(e => e.Path).ToList();
    }

    [Fact]
    public void Validate_ClientMessageLog_HasNoErrors() => Assert.Empty(Paths(Valid));

    [Fact]
    public void Validate_RegexThatDoesNotCompile_NamesRegex() =>
        Assert.Equal(["trigger.match.regex"], Paths(Valid with { Trigger = Valid.Trigger with { Match = new MatchConfig { Regex = "(" } } }));

    [Fact]
    public void Validate_TemplateWithUnknownField_NamesBody() =>
        Assert.Equal(["actions[0].body"], Paths(Valid with { Actions = [new ActionConfig { Type = ActionType.Log, Body = "{{mesage}}" }] }));

    [Fact]
    public void Validate_TemplateNotClosed_NamesBody() =>
        Assert.Equal(["actions[0].body"], Paths(Valid with { Actions = [new ActionConfig { Type = ActionType.Log, Body = "{{message" }] }));

    [Fact]
    public void Validate_TwoSources_Refused() =>
        Assert.Equal(["trigger"], Paths(Valid with { Trigger = Valid.Trigger with { Endpoint = "/echo" } }));

    [Fact]
    public void Validate_UnknownEndpoint_NamesEndpoint() =>
        Assert.Equal(["trigger.endpoint"], Paths(Valid with { Trigger = new TriggerConfig { Endpoint = "/nothing" } }));

    [Fact]
    public void Validate_ReplyToChannelMessage_Refused() =>
        Assert.Equal(["actions[0].type"], Paths(Valid with { Trigger = new TriggerConfig { Channel = "news" }, Actions = [new ActionConfig { Type = ActionType.Reply }] }));

    [Fact]
    public void Validate_RespondWithoutHttpTrigger_Refused() =>
        Assert.Equal(["actions[0].type"], Paths(Valid with { Actions = [new ActionConfig { Type = ActionType.Respond }] }));

    [Fact]
    public void Validate_HttpTriggerWithoutListener_NamesListener() =>
        Assert.Equal(["trigger.listener"], Paths(Valid with { Trigger = new TriggerConfig { Type = TriggerType.HttpRequest, Path = "/hook" } }));

    [Fact]
    public void Validate_WebhookWithoutHttpUrl_NamesUrl() =>
        Assert.Equal(["actions[0].url"], Paths(Valid with { Actions = [new ActionConfig { Type = ActionType.Webhook, Url = "ws://x/" }] }));

    [Fact]
    public void Validate_ValueWithoutProperty_NamesValue() =>
        Assert.Equal(["trigger.match.value"], Paths(Valid with { Trigger = Valid.Trigger with { Match = new MatchConfig { Value = "x" } } }));

    [Fact]
    public void Validate_SendToUnknownClient_NamesClient() =>
        Assert.Equal(["actions[0].client"], Paths(Valid with { Actions = [new ActionConfig { Type = ActionType.Send, Client = "ghost" }] }));

    [Fact]
    public void OutboundValidator_TwoRulesClaimSamePath_SecondRefused()
    {
        var http = new RuleConfig
        {
            Id = "h1",
            Trigger = new TriggerConfig { Type = TriggerType.HttpRequest, Listener = "default", Path = "/hook" },
            Actions = [new ActionConfig { Type = ActionType.Respond }],
        };
        var config = Config with { Rules = [http, http with { Id = "h2", Trigger = http.Trigger with { Method = "POST", Path = "/HOOK/" } }] };

        var error = Assert.Single(ConfigValidator.Validate(config));
        Assert.Equal("rules[1].trigger.path", error.Path);
    }

    [Fact]
    public void ConfigValidator_BridgeToUnknownClient_NamesClient()
    {
        var config = Config with { Bridges = [new BridgeConfig { Id = "b", Client = "ghost", Channel = "news" }] };

        Assert.Equal("bridges[0].client", Assert.Single(ConfigValidator.Validate(config)).Path);
    }
}
