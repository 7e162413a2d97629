using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Channels;

public sealed class ChannelTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Publish_ToSubscribedChannel_ReachesEverySubscriber()
    {
        using var alice = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        using var bob = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        using var carol = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        await alice.SubscribeAsync("news");
        await bob.SubscribeAsync("news");
        await carol.SubscribeAsync("sport");

        await carol.SendTextAsync("""{"type":"publish","channel":"news","data":{"headline":"hi"},"id":7}""");

        var ack = Parse(await carol.ReceiveTextAsync());
        Assert.Equal("published", ack.GetProperty("type").GetString());
        Assert.Equal(7, ack.GetProperty("id").GetInt32());
        Assert.Equal(2, ack.GetProperty("delivered").GetInt32());
        foreach (var subscriber in new[] { alice, bob })
        {
            var message = Parse(await subscriber.ReceiveTextAsync());
            Assert.Equal("message", message.GetProperty("type").GetString());
            Assert.Equal("news", message.GetProperty("channel").GetString());
            Assert.Equal("hi", message.GetProperty("data").GetProperty("headline").GetString());
        }
    }

    [Fact]
    public async Task Publish_SeveralMessages_ArriveInPublishOrder()
    {
        using var subscriber = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        using var publisher = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        await subscriber.SubscribeAsync("seq");

        for (var i = 0; i < 50; i++)
        {
            await publisher.SendTextAsync($$"""{"type":"publish","channel":"seq","data":{{i}}}""");
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(i, Parse(await subscriber.ReceiveTextAsync()).GetProperty("data").GetInt32());
        }
    }

    [Fact]
    public async Task Ping_JsonAndPlain_AnsweredWithPong()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);

        await socket.SendTextAsync("""{"type":"ping","id":"p1"}""");
        var pong = Parse(await socket.ReceiveTextAsync());
        await socket.SendTextAsync("ping");
        var plain = await socket.ReceiveTextAsync();

        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal("p1", pong.GetProperty("id").GetString());
        Assert.Equal("pong", plain);
    }

    [Fact]
    public async Task Unsubscribe_ThenPublish_NoLongerDelivered()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        await socket.SubscribeAsync("temp");

        await socket.SendTextAsync("""{"type":"unsubscribe","channel":"temp"}""");
        Assert.Equal("unsubscribed", Parse(await socket.ReceiveTextAsync()).GetProperty("type").GetString());
        await socket.SendTextAsync("""{"type":"publish","channel":"temp","data":1}""");

        var ack = Parse(await socket.ReceiveTextAsync());
        Assert.Equal("published", ack.GetProperty("type").GetString());
        Assert.Equal(0, ack.GetProperty("delivered").GetInt32());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"channel":"x"}""", "\"type\" is required")]
    [InlineData("""{"type":"dance"}""", "unknown type")]
    [InlineData("""{"type":"subscribe","channel":"bad name!"}""", "\"channel\" must be")]
    [InlineData("""{"type":"publish","channel":"x"}""", "\"data\" is required")]
    public async Task Request_Malformed_GetsErrorFrameAndStaysOpen(string request, string expected)
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);

        await socket.SendTextAsync(request);
        var error = Parse(await socket.ReceiveTextAsync());

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains(expected, error.GetProperty("error").GetString(), StringComparison.Ordinal);
        await socket.SendTextAsync("ping");
        Assert.Equal("pong", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task BinaryMessage_OnChannelEndpoint_GetsErrorFrame()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);

        await socket.SendBinaryAsync([1, 2, 3]);

        Assert.Contains("binary", Parse(await socket.ReceiveTextAsync()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_Subscriber_ChannelListDropsIt()
    {
        var socket = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
        await socket.SubscribeAsync("ephemeral");
        var before = await _server.GetJsonAsync("/api/v1/channels");
        Assert.Contains(before.EnumerateArray(), c => c.GetProperty("name").GetString() == "ephemeral" && c.GetProperty("subscribers").GetInt32() == 1);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        socket.Dispose();

        await Eventually.TrueAsync(async () =>
            !(await _server.GetJsonAsync("/api/v1/channels")).EnumerateArray().Any(c => c.GetProperty("name").GetString() == "ephemeral"));
    }

    internal static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
