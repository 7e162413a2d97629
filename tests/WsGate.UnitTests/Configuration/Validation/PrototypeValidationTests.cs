using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Rules;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class PrototypeValidationTests
{
    private static readonly GatewayConfig References = GatewayConfig.Empty with { Listeners = [new ListenerConfig { Id = "default" }] };

    private static readonly ApiConfig Api = new()
    {
        Id = "orders",
        Name = "Orders",
        Context = "/orders",
        Version = "v1",
        Listeners = ["default"],
        Lifecycle = ApiLifecycle.Prototyped,
        Mock = new MockConfig
        {
            Greeting = "{\"type\":\"welcome\"}",
            Replies = [new MockReplyConfig { Match = new MatchConfig { Property = "$.type", Value = "ping" }, Reply = "{\"type\":\"pong\",\"id\":\"{{$.id}}\"}" }],
        },
    };

    private static List<string> Paths(ApiConfig api, GatewayConfig? references = null)
    {
        var errors = new ErrorSink();
        ApiValidator.Validate(api, references ?? References, errors);
        return errors.Errors.Select(e => e.Path).ToList();
    }

    [Fact]
    public void Validate_PrototypedWithMockAndNoEndpoints_HasNoErrors() => Assert.Empty(Paths(Api));

    [Fact]
    public void Validate_PublishedWithoutEndpoints_StillRefused() =>
        Assert.Equal(["endpoints.production.urls"], Paths(Api with { Lifecycle = ApiLifecycle.Published }));

    [Fact]
    public void Validate_PrototypedWithoutListener_NamesListeners() =>
        Assert.Equal(["listeners"], Paths(Api with { Listeners = [] }));

    [Fact]
    public void Validate_MockReplyWithInvalidRegex_NamesItsMatch() =>
        Assert.Equal(["mock.replies[1].match.regex"], Paths(Api with
        {
            Mock = Api.Mock! with { Replies = [.. Api.Mock.Replies, new MockReplyConfig { Match = new MatchConfig { Regex = "([a-z" }, Reply = "x" }] },
        }));

    [Fact]
    public void Validate_MockReplyWithUnknownTemplateFieldOrEmpty_NamesReply() =>
        Assert.Equal(["mock.replies[0].reply", "mock.replies[1].reply"], Paths(Api with
        {
            Mock = new MockConfig { Replies = [new MockReplyConfig { Reply = "{{mesage}}" }, new MockReplyConfig { Reply = "" }] },
        }));

    [Fact]
    public void Validate_GreetingWithUnclosedField_NamesGreeting() =>
        Assert.Equal(["mock.greeting"], Paths(Api with { Mock = Api.Mock! with { Greeting = "hello {{message" } }));

    [Fact]
    public void Validate_PrototypedWithNothingToAnswer_NamesMock()
    {
        var errors = new ErrorSink();
        ApiValidator.Validate(Api with { Mock = new MockConfig() }, References, errors);

        var error = Assert.Single(errors.Errors);
        Assert.Equal("mock", error.Path);
        Assert.Contains("trigger.api 'orders'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PrototypedAnsweredByARuleOnIt_HasNoErrors()
    {
        var rule = new RuleConfig
        {
            Id = "orders_mock",
            Trigger = new TriggerConfig { Api = "ORDERS" },
            Actions = [new ActionConfig { Type = ActionType.Reply, Body = "ok" }],
        };

        Assert.Empty(Paths(Api with { Mock = null }, References with { Rules = [rule] }));
        Assert.Equal(["mock"], Paths(Api with { Mock = null }, References with { Rules = [rule with { Enabled = false }] }));
    }

    [Fact]
    public void Validate_MockOnAPublishedApi_IsKeptAndChecked() =>
        Assert.Equal(["mock.replies[0].match.property"], Paths(Api with
        {
            Lifecycle = ApiLifecycle.Created,
            Mock = new MockConfig { Replies = [new MockReplyConfig { Match = new MatchConfig { Property = "type" }, Reply = "x" }] },
        }));

    [Fact]
    public void ToRules_GreetingAndReplies_AreReplyRulesOnTheApi()
    {
        var rules = Api.Mock!.ToRules("orders").ToList();

        Assert.Equal([TriggerType.Opened, TriggerType.Message], rules.Select(r => r.Trigger.Type));
        Assert.All(rules, r => Assert.Equal("orders", r.Trigger.Api));
        Assert.All(rules, r => Assert.Equal(ActionType.Reply, Assert.Single(r.Actions).Type));
        Assert.Equal("mock:orders:replies[0]", rules[1].Id);
        Assert.Equal("$.type", rules[1].Trigger.Match!.Property);
    }

    [Fact]
    public void Serializer_PrototypedApiWithMock_RoundTripsThroughYaml()
    {
        var config = ConfigSerializer.FromYaml("""
            apis:
              - id: orders
                name: Orders
                context: /orders
                version: v1
                lifecycle: prototyped
                mock:
                  greeting: '{"type":"welcome"}'
                  replies:
                    - match: { property: $.type, value: ping }
                      reply: '{"type":"pong"}'
                    - reply: 'you said {{message}}'
            """);

        var again = ConfigSerializer.FromYaml(ConfigSerializer.ToYaml(config)).Apis[0];
        Assert.Equal(ApiLifecycle.Prototyped, again.Lifecycle);
        Assert.Equal("{\"type\":\"welcome\"}", again.Mock!.Greeting);
        Assert.Equal("ping", again.Mock.Replies[0].Match!.Value);
        Assert.Null(again.Mock.Replies[1].Match);
        Assert.Equal("you said {{message}}", again.Mock.Replies[1].Reply);
    }
}
