using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Channels;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Outbound;
using WsGate.Configuration.Rules;
using WsGate.Connections;
using WsGate.Forwarding;
using WsGate.Management;
using WsGate.Outbound;
using WsGate.Routing;
using WsGate.Rules;
using WsGate.Testing;

namespace WsGate.UnitTests.Rules;

public sealed class RuleEngineTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ChannelBroker _broker = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly RuleQueue _queue;
    private readonly RuleEngine _engine;
    private readonly WebhookSender _webhooks;
    private readonly ILoggerFactory _loggers;
    private readonly List<(string Channel, string Data, string? Origin)> _published = [];

    public RuleEngineTests()
    {
        var registry = new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance);
        _queue = new RuleQueue(_clock, NullLogger<RuleQueue>.Instance);
        var clients = new OutboundClientManager(new OutboundConnector(new BackendConnector(new LiveConfig()), _clock), _queue, _clock, NullLoggerFactory.Instance);
        _webhooks = new WebhookSender(_clock, NullLogger<WebhookSender>.Instance);
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs));
        _engine = new RuleEngine(_queue, clients, _broker, registry, _webhooks, _clock, _loggers.CreateLogger<RuleEngine>());
        var observer = _broker.Observer!;
        _broker.Observer = (channel, data, origin) =>
        {
            _published.Add((channel, data.ValueKind == JsonValueKind.String ? data.GetString()! : data.GetRawText(), origin));
            observer(channel, data, origin);
        };
    }

    public void Dispose()
    {
        _engine.Dispose();
        _webhooks.Dispose();
        _loggers.Dispose();
        _logs.Dispose();
    }

    private static RuleEvent Message(string clientId, string text) => new()
    {
        Trigger = TriggerType.Message,
        Source = RuleSource.Client,
        SourceId = clientId,
        ConnectionId = clientId,
        Payload = Encoding.UTF8.GetBytes(text),
    };

    [Fact]
    public async Task ProcessAsync_FirstRuleFails_LoggedCountedAndSecondRuleStillRuns()
    {
        await _engine.ApplyAsync(new GatewayConfig
        {
            Clients = [new OutboundClientConfig { Id = "feed", Host = "h", Active = false }],
            Rules =
            [
                new RuleConfig { Id = "broken", Trigger = new() { Client = "feed" }, Actions = [new() { Type = ActionType.Send, Client = "missing" }, new() { Type = ActionType.Publish, Channel = "never" }] },
                new RuleConfig { Id = "fine", Trigger = new() { Client = "feed" }, Actions = [new() { Type = ActionType.Publish, Channel = "out", Body = "got {{message}}" }] },
            ],
        }, CancellationToken.None);

        await _engine.ProcessAsync(Message("feed", "hi"), CancellationToken.None);

        var broken = _engine.RuleStatsFor("broken")!;
        Assert.Equal(1, broken.Fired);
        Assert.Equal(1, broken.Failed);
        Assert.Contains("missing", broken.LastError);
        Assert.Equal([("out", "got hi", "rule:fine")], _published);
        var line = Assert.Single(_logs.Lines, l => l.EventId.Id == 1700);
        Assert.Contains("broken", line.Message);
    }

    [Fact]
    public async Task ProcessAsync_ApiMockReply_FiresOnPrototypeConnectionsOnly()
    {
        var mock = new MockConfig { Replies = [new MockReplyConfig { Match = new MatchConfig { Contains = "ping" }, Reply = "pong" }] };
        await _engine.ApplyAsync(new GatewayConfig
        {
            Apis = [new ApiConfig { Id = "orders", Lifecycle = ApiLifecycle.Prototyped, Mock = mock }],
        }, CancellationToken.None);
        RuleEvent FromApi(string text, bool prototype) => new()
        {
            Trigger = TriggerType.Message,
            Source = RuleSource.Api,
            SourceId = "orders",
            ConnectionId = "c1",
            Payload = Encoding.UTF8.GetBytes(text),
            Prototype = prototype,
        };

        await _engine.ProcessAsync(FromApi("ping", prototype: false), CancellationToken.None);
        await _engine.ProcessAsync(FromApi("ping", prototype: true), CancellationToken.None);
        await _engine.ProcessAsync(FromApi("other", prototype: true), CancellationToken.None);

        // The connection is not registered here, so the reply itself fails: what counts is that the rule fired once.
        var stats = _engine.RuleStatsFor(MockConfig.ReplyRuleId("orders", 0))!;
        Assert.Equal(1, stats.Fired);
        Assert.Contains("c1", stats.LastError);
    }

    [Fact]
    public async Task ProcessAsync_JsonValueMatch_OnlyMatchingMessagesFire()
    {
        await _engine.ApplyAsync(new GatewayConfig
        {
            Rules = [new RuleConfig
            {
                Id = "alerts",
                Trigger = new() { Client = "feed", Match = new() { Property = "$.level", Value = "high", Regex = "disk" } },
                Actions = [new() { Type = ActionType.Publish, Channel = "alerts" }],
            }],
        }, CancellationToken.None);

        await _engine.ProcessAsync(Message("feed", """{"level":"low","text":"disk"}"""), CancellationToken.None);
        await _engine.ProcessAsync(Message("feed", """{"level":"high","text":"cpu"}"""), CancellationToken.None);
        await _engine.ProcessAsync(Message("FEED", """{"level":"high","text":"disk"}"""), CancellationToken.None);
        await _engine.ProcessAsync(Message("other", """{"level":"high","text":"disk"}"""), CancellationToken.None);

        var published = Assert.Single(_published);
        Assert.Contains("disk", published.Data, StringComparison.Ordinal);
        Assert.Equal(1, _engine.RuleStatsFor("alerts")!.Fired);
    }

    [Fact]
    public async Task ProcessAsync_RulePublishesToChannelItListensTo_DoesNotLoop()
    {
        await _engine.ApplyAsync(new GatewayConfig
        {
            Rules = [new RuleConfig { Id = "loop", Trigger = new() { Channel = "c" }, Actions = [new() { Type = ActionType.Publish, Channel = "c" }] }],
        }, CancellationToken.None);

        _broker.Publish("c", JsonSerializer.SerializeToElement("first"));
        Assert.True(_queue.Reader.TryRead(out var first));
        await _engine.ProcessAsync(first, CancellationToken.None);

        Assert.Equal(2, _published.Count);
        Assert.True(_queue.Reader.TryRead(out var echoed));
        Assert.Equal("rule:loop", echoed.Origin);
        await _engine.ProcessAsync(echoed, CancellationToken.None);
        Assert.Equal(2, _published.Count);
    }

    [Fact]
    public async Task ProcessAsync_HttpTriggerWithoutRespond_Answered204()
    {
        await _engine.ApplyAsync(new GatewayConfig
        {
            Listeners = [new ListenerConfig { Id = "default" }],
            Rules = [new RuleConfig { Id = "h", Trigger = new() { Type = TriggerType.HttpRequest, Listener = "default", Path = "/x" }, Actions = [new() { Type = ActionType.Log }] }],
        }, CancellationToken.None);
        var http = new HttpTriggerRequest("h", "POST", "/x", "", new Dictionary<string, string>(), new Dictionary<string, string>(), "body");

        await _engine.ProcessAsync(new RuleEvent { Trigger = TriggerType.HttpRequest, Source = RuleSource.Http, SourceId = "/x", Http = http }, CancellationToken.None);

        Assert.Equal(204, (await http.Answer).Status);
    }
}
