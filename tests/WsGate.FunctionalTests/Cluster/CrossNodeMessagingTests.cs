using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Cluster;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>Channel publishes reach subscribers on every node once and in order; sends and closes reach the node that holds the connection.</summary>
public sealed class CrossNodeMessagingTests : IAsyncLifetime
{
    private TestServer _a = null!;
    private TestServer _b = null!;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.SharedAsync();
        var nodes = await ClusterNodes.StartAsync(postgres.Url(await postgres.CreateDatabaseAsync("bus")), "bus-a", "bus-b");
        _a = nodes[0];
        _b = nodes[1];
        await Eventually.TrueAsync(
            () => new[] { _a, _b }.All(n => n.Server.Services.GetRequiredService<ClusterBus>().IsListening),
            TimeSpan.FromSeconds(30),
            "a node never listened on the bus");
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task Publish_OnOneNode_ReachesSubscribersOnBothNodesOnceAndInOrder()
    {
        using var onA = await WebSocketTestExtensions.ConnectAsync(_a.ChannelUri);
        using var onB = await WebSocketTestExtensions.ConnectAsync(_b.ChannelUri);
        using var publisher = await WebSocketTestExtensions.ConnectAsync(_a.ChannelUri);
        await onA.SubscribeAsync("ticks");
        await onB.SubscribeAsync("ticks");

        for (var i = 0; i < 40; i++)
        {
            await publisher.SendTextAsync($$"""{"type":"publish","channel":"ticks","data":{{i}}}""");
        }

        await publisher.SendTextAsync("""{"type":"publish","channel":"ticks","data":"end"}""");

        foreach (var subscriber in new[] { onA, onB })
        {
            // In order, and a duplicate of any would arrive before "end".
            for (var i = 0; i < 40; i++)
            {
                Assert.Equal(i, Parse(await subscriber.ReceiveTextAsync()).GetProperty("data").GetInt32());
            }

            Assert.Equal("end", Parse(await subscriber.ReceiveTextAsync()).GetProperty("data").GetString());
        }
    }

    [Fact]
    public async Task AdminPublish_PayloadOverTheNotifyLimit_ReachesTheOtherNode()
    {
        using var onA = await WebSocketTestExtensions.ConnectAsync(_a.ChannelUri);
        await onA.SubscribeAsync("big");
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + (i % 26)))) + new string('z', 17_000);

        using (var published = await _b.PostJsonAsync("/api/v1/channels/big/publish", new { data = new { text } }))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        var message = Parse(await onA.ReceiveTextAsync());
        Assert.Equal(text, message.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task SendAndClose_ThroughOneNode_ReachTheConnectionOnTheOther()
    {
        using var onB = await WebSocketTestExtensions.ConnectAsync(_b.ChannelUri);
        await onB.SubscribeAsync("marker");
        string? id = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var listed = (await _a.GetJsonAsync("/api/v1/connections")).EnumerateArray()
                    .Where(c => c.GetProperty("node").GetString() == "bus-b").ToList();
                id = listed.Count == 1 ? listed[0].GetProperty("id").GetString() : null;
                return id is not null;
            },
            TimeSpan.FromSeconds(20),
            "node-a never listed node-b's connection");
        Assert.Equal("bus-b", (await _a.GetJsonAsync($"/api/v1/connections/{id}")).GetProperty("node").GetString());

        using (var sent = await _a.PostJsonAsync($"/api/v1/connections/{id}/send", new { text = "routed via node-a" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        Assert.Equal("routed via node-a", await onB.ReceiveTextAsync());
        using (var closed = await _a.PostJsonAsync($"/api/v1/connections/{id}/close", new { code = 4001, reason = "bye from a" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
        }

        var close = await onB.ReceiveCloseAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((WebSocketCloseStatus)4001, close.CloseStatus);
        Assert.Equal("bye from a", close.CloseDescription);
        await Eventually.TrueAsync(
            async () => (await _a.GetJsonAsync("/api/v1/connections")).EnumerateArray().All(c => c.GetProperty("id").GetString() != id),
            TimeSpan.FromSeconds(20),
            "the closed connection stayed in the cluster list");
    }

    [Fact]
    public async Task Send_UnknownConnection_Is404OnACluster()
    {
        using var response = await _a.PostJsonAsync("/api/v1/connections/0123456789abcdef/send", new { text = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static JsonElement Parse(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
