using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.FunctionalTests.Listeners;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Throttling;

/// <summary>
/// A channel subscriber that stops reading while another client publishes: its outbound queue fills and its endpoint's
/// overflow action decides, while the publisher is never held up. Messages are large enough (64 KiB) that the socket
/// buffers fill and the queue has to take the rest.
/// </summary>
[Collection(ThrottlingFixture.Collection)]
public sealed class SlowConsumerTests(ThrottlingFixture fixture)
{
    private const int Published = 300;
    private static readonly string Padding = new('p', 64 * 1024);
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task DropOldest_SlowSubscriber_KeepsNewestAndPublisherNeverWaits()
    {
        var (subscriber, publisher) = await SlowPairAsync("/slow-oldest", "dropOldest", "slow-oldest");

        var delivered = await PublishAsync(publisher, "slow-oldest", Published);

        Assert.Equal(Published, delivered);
        var dropped = await DroppedAsync("/slow-oldest");
        Assert.True(dropped > 0, "the queue never overflowed");
        var received = await ReadNumbersAsync(subscriber, Published - (int)dropped);
        Assert.Equal(Published - 1, received[^1]);
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First < p.Second), "messages arrive in order");
    }

    [Fact]
    public async Task DropNewest_SlowSubscriber_KeepsQueuedAndDropsLatest()
    {
        var (subscriber, publisher) = await SlowPairAsync("/slow-newest", "dropNewest", "slow-newest");

        var delivered = await PublishAsync(publisher, "slow-newest", Published);

        var dropped = await DroppedAsync("/slow-newest");
        Assert.True(dropped > 0, "the queue never overflowed");
        Assert.Equal(Published - dropped, delivered);
        var received = await ReadNumbersAsync(subscriber, Published - (int)dropped);

        // What was queued is kept and the overflow is refused, so the first message arrives and the rest arrive in order;
        // after a drop, a slot the writer frees may take a later message, so the numbers need not be contiguous.
        Assert.Equal(0, received[0]);
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First < p.Second), "messages arrive in order");
    }

    [Theory]
    [InlineData("close1013", 1013)]
    [InlineData("close1008", 1008)]
    public async Task Close_SlowSubscriber_DisconnectedWithConfiguredCode(string overflow, int code)
    {
        var path = "/slow-" + overflow;
        var (subscriber, publisher) = await SlowPairAsync(path, overflow, "slow-" + overflow);

        // Publish until the subscriber is no longer delivered to: its queue overflowed and it is closing.
        for (var i = 0; i < 2000; i++)
        {
            if (await PublishOneAsync(publisher, "slow-" + overflow, i) == 0)
            {
                break;
            }
        }

        var close = await subscriber.ReceiveCloseAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((WebSocketCloseStatus)code, close.CloseStatus);
        Assert.Equal("outbound queue full: the client is not keeping up", close.CloseDescription);
    }

    /// <summary>Adds a channel endpoint with the given overflow action and a small queue; subscribes a client that then stops reading.</summary>
    private async Task<(ClientWebSocket Subscriber, ClientWebSocket Publisher)> SlowPairAsync(string path, string overflow, string channel)
    {
        var view = JsonNode.Parse((await ListenerApi.GetAsync(_server, "default")).GetRawText())!;
        var config = view["config"]!.AsObject();
        config["endpoints"]!.AsArray().Add(new JsonObject
        {
            ["path"] = path,
            ["kind"] = "channel",
            ["outboundQueue"] = new JsonObject { ["maxMessages"] = 8, ["maxBytes"] = 4 * 1024 * 1024, ["overflow"] = overflow },
        });
        await ListenerApi.UpdateAsync(_server, config);

        var subscriber = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", path), o => o.SetBuffer(4096, 4096));
        await subscriber.SubscribeAsync(channel);
        var publisher = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        return (subscriber, publisher);
    }

    private static async Task<long> PublishAsync(ClientWebSocket publisher, string channel, int count)
    {
        long delivered = 0;
        for (var i = 0; i < count; i++)
        {
            delivered += await PublishOneAsync(publisher, channel, i);
        }

        return delivered;
    }

    private static async Task<int> PublishOneAsync(ClientWebSocket publisher, string channel, int n)
    {
        await publisher.SendTextAsync($$$"""{"type":"publish","channel":"{{{channel}}}","data":{"n":{{{n}}},"pad":"{{{Padding}}}"}}""");
        var reply = JsonDocument.Parse(await publisher.ReceiveTextAsync()).RootElement;
        Assert.Equal("published", reply.GetProperty("type").GetString());
        return reply.GetProperty("delivered").GetInt32();
    }

    private async Task<long> DroppedAsync(string path)
    {
        var connection = (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray().Single(c => c.GetProperty("endpoint").GetString() == path);
        return connection.GetProperty("dropped").GetInt64();
    }

    private static async Task<List<int>> ReadNumbersAsync(ClientWebSocket subscriber, int count)
    {
        var numbers = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var message = JsonDocument.Parse(await subscriber.ReceiveTextAsync()).RootElement;
            numbers.Add(message.GetProperty("data").GetProperty("n").GetInt32());
        }

        return numbers;
    }
}
