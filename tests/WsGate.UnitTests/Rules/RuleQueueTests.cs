using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Configuration;
using WsGate.Configuration.Rules;
using WsGate.Rules;

namespace WsGate.UnitTests.Rules;

public sealed class RuleQueueTests
{
    private static RuleQueue Queue(int capacity = 100, GatewayConfig? config = null)
    {
        var queue = new RuleQueue(TimeProvider.System, NullLogger<RuleQueue>.Instance, capacity);
        if (config is not null)
        {
            queue.Index = new RuleIndex(config);
        }

        return queue;
    }

    private static RuleEvent Event(string id = "x") => new() { Trigger = TriggerType.Message, Source = RuleSource.Client, SourceId = id };

    private static GatewayConfig ListeningTo(string apiId) => new()
    {
        Rules = [new RuleConfig { Id = "r", Trigger = new TriggerConfig { Api = apiId }, Actions = [new ActionConfig()] }],
    };

    [Fact]
    public void Offer_QueueFull_DroppedAndCounted()
    {
        var queue = Queue(capacity: 2);

        Assert.True(queue.Offer(Event()));
        Assert.True(queue.Offer(Event()));
        Assert.False(queue.Offer(Event()));

        Assert.Equal(2, queue.Offered);
        Assert.Equal(1, queue.Dropped);
        Assert.Equal(2, queue.Pending);
    }

    [Fact]
    public void Tap_NobodyListens_OffersNothing()
    {
        var queue = Queue(config: ListeningTo("other"));
        var tap = new MessageTap(queue, RuleSource.Api, "chat", "default", "c1");

        tap.Frame("hello"u8, WebSocketMessageType.Text, true);

        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public void Tap_RuleListens_OffersWholeMessageFromFragments()
    {
        var queue = Queue(config: ListeningTo("CHAT"));
        var tap = new MessageTap(queue, RuleSource.Api, "chat", "default", "c1");

        tap.Frame("hel"u8, WebSocketMessageType.Text, false);
        tap.Frame("lo"u8, WebSocketMessageType.Text, true);

        Assert.True(queue.Reader.TryRead(out var offered));
        Assert.Equal("hello", Encoding.UTF8.GetString(offered.Payload.Span));
        Assert.Equal("c1", offered.ConnectionId);
        Assert.Equal("chat", offered.SourceId);
    }

    [Fact]
    public void Tap_RuleAddedLater_SeenAtNextMessage()
    {
        var queue = Queue();
        var tap = new MessageTap(queue, RuleSource.Api, "chat", "default", "c1");
        tap.Frame("before"u8, WebSocketMessageType.Text, true);

        queue.Index = new RuleIndex(ListeningTo("chat"));
        tap.Frame("after"u8, WebSocketMessageType.Text, true);

        Assert.True(queue.Reader.TryRead(out var offered));
        Assert.Equal("after", Encoding.UTF8.GetString(offered.Payload.Span));
        Assert.False(queue.Reader.TryRead(out _));
    }

    [Fact]
    public void Tap_MessageOverCaptureLimit_Skipped()
    {
        var queue = Queue(config: ListeningTo("chat"));
        var tap = new MessageTap(queue, RuleSource.Api, "chat", "default", "c1");

        tap.Frame(new byte[MessageTap.MaxCaptured], WebSocketMessageType.Binary, false);
        tap.Frame(new byte[10], WebSocketMessageType.Binary, true);
        tap.Frame("small"u8, WebSocketMessageType.Text, true);

        Assert.True(queue.Reader.TryRead(out var offered));
        Assert.Equal("small", Encoding.UTF8.GetString(offered.Payload.Span));
    }
}
