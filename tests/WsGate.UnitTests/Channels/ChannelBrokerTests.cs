using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using WsGate.Channels;
using WsGate.Configuration;
using WsGate.Connections;
using WsGate.Listeners;
using WsGate.Testing;

namespace WsGate.UnitTests.Channels;

public sealed class ChannelBrokerTests
{
    private static readonly ListenerRuntime Listener = new(new ListenerConfig { Id = "test", Bindings = ["127.0.0.1:0"] }, new WorkerScheduler());

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Publish_ChannelWithoutSubscribers_ReturnsZeroAndCreatesNothing()
    {
        var broker = new ChannelBroker();

        Assert.Equal(0, broker.Publish("nobody", Json("1")));
        Assert.Empty(broker.List());
        Assert.Null(broker.Find("nobody"));
    }

    [Fact]
    public async Task Publish_Subscriber_ReceivesTheExactMessage()
    {
        var broker = new ChannelBroker();
        await using var pair = await SessionPair.CreateAsync("s1");
        broker.Subscribe("c", pair.Session);

        var delivered = broker.Publish("c", Json("{\"n\":1}"));

        Assert.Equal(1, delivered);
        Assert.Equal("{\"type\":\"message\",\"channel\":\"c\",\"data\":{\"n\":1}}", await pair.Client.ReceiveTextAsync());
    }

    [Fact]
    public async Task Publish_TwoSubscribers_EachReceivesItAndItIsCountedOnce()
    {
        var broker = new ChannelBroker();
        await using var first = await SessionPair.CreateAsync("s1");
        await using var second = await SessionPair.CreateAsync("s2");
        broker.Subscribe("c", first.Session);
        broker.Subscribe("c", second.Session);

        Assert.Equal(2, broker.Publish("c", Json("\"hi\"")));

        Assert.Equal("{\"type\":\"message\",\"channel\":\"c\",\"data\":\"hi\"}", await first.Client.ReceiveTextAsync());
        Assert.Equal("{\"type\":\"message\",\"channel\":\"c\",\"data\":\"hi\"}", await second.Client.ReceiveTextAsync());
        Assert.Equal(new ChannelInfo("c", 2, 1), broker.Find("c"));
    }

    [Fact]
    public async Task Publish_OtherChannel_IsNotDelivered()
    {
        var broker = new ChannelBroker();
        await using var pair = await SessionPair.CreateAsync("s1");
        broker.Subscribe("a", pair.Session);

        Assert.Equal(0, broker.Publish("b", Json("1")));
        Assert.Equal(1, broker.Publish("a", Json("2")));

        Assert.Equal("{\"type\":\"message\",\"channel\":\"a\",\"data\":2}", await pair.Client.ReceiveTextAsync());
    }

    [Fact]
    public async Task Publish_ClosingSubscriber_IsNotCounted()
    {
        var broker = new ChannelBroker();
        await using var pair = await SessionPair.CreateAsync("s1");
        broker.Subscribe("c", pair.Session);
        pair.Session.Abort();

        Assert.Equal(0, broker.Publish("c", Json("1")));
    }

    [Fact]
    public async Task Subscribe_SameSessionTwice_IsOneSubscriber()
    {
        var broker = new ChannelBroker();
        await using var pair = await SessionPair.CreateAsync("s1");

        broker.Subscribe("c", pair.Session);
        broker.Subscribe("c", pair.Session);

        Assert.Equal(1, broker.Find("c")!.Subscribers);
    }

    [Fact]
    public async Task Unsubscribe_LastSubscriber_RemovesTheChannelFromList()
    {
        var broker = new ChannelBroker();
        await using var first = await SessionPair.CreateAsync("s1");
        await using var second = await SessionPair.CreateAsync("s2");
        broker.Subscribe("c", first.Session);
        broker.Subscribe("c", second.Session);
        broker.Subscribe("other", first.Session);

        broker.Unsubscribe("c", first.Session);
        Assert.Equal([new ChannelInfo("c", 1, 0), new ChannelInfo("other", 1, 0)], broker.List());

        broker.Unsubscribe("c", second.Session);
        Assert.Equal([new ChannelInfo("other", 1, 0)], broker.List());
        Assert.Null(broker.Find("c"));
        Assert.Equal(0, broker.Publish("c", Json("1")));
    }

    [Fact]
    public async Task Subscribe_AfterChannelWasRemoved_StartsItAgain()
    {
        var broker = new ChannelBroker();
        await using var pair = await SessionPair.CreateAsync("s1");
        broker.Subscribe("c", pair.Session);
        broker.Unsubscribe("c", pair.Session);

        broker.Subscribe("c", pair.Session);

        Assert.Equal(new ChannelInfo("c", 1, 0), broker.Find("c"));
        Assert.Equal(1, broker.Publish("c", Json("1")));
    }

    [Fact]
    public async Task Unsubscribe_NotSubscribed_ChangesNothing()
    {
        var broker = new ChannelBroker();
        await using var first = await SessionPair.CreateAsync("s1");
        await using var second = await SessionPair.CreateAsync("s2");
        broker.Subscribe("c", first.Session);

        broker.Unsubscribe("c", second.Session);
        broker.Unsubscribe("unknown", second.Session);

        Assert.Equal([new ChannelInfo("c", 1, 0)], broker.List());
    }

    [Fact]
    public async Task List_Channels_AreSortedByName()
    {
        var broker = new ChannelBroker();
        await using var pair = await SessionPair.CreateAsync("s1");
        foreach (var name in new[] { "b", "a", "C" })
        {
            broker.Subscribe(name, pair.Session);
        }

        Assert.Equal(["C", "a", "b"], broker.List().Select(c => c.Name));
    }

    /// <summary>A server-side <see cref="WebSocketSession"/> and the client WebSocket it talks to, over a loopback TCP connection.</summary>
    private sealed class SessionPair : IAsyncDisposable
    {
        private SessionPair(WebSocketSession session, WebSocket client)
        {
            Session = session;
            Client = client;
        }

        public WebSocketSession Session { get; }

        public WebSocket Client { get; }

        public static async Task<SessionPair> CreateAsync(string id)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
#pragma warning disable CA2000 // Its stream is handed to clientSocket below, which disposes it and the socket it owns.
            var client = new TcpClient();
#pragma warning restore CA2000
            await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            var server = await listener.AcceptTcpClientAsync();
#pragma warning disable CA2000 // The session owns serverSocket and the pair clientSocket; SessionPair.DisposeAsync disposes both.
            var serverSocket = WebSocket.CreateFromStream(server.GetStream(), isServer: true, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
            var clientSocket = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
#pragma warning restore CA2000
            var session = new WebSocketSession(id, serverSocket, Listener, "/channel", "channel", null, null, TimeProvider.System);
            return new SessionPair(session, clientSocket);
        }

        public async ValueTask DisposeAsync()
        {
            Session.Abort();
            await Session.DisposeAsync();
            Client.Abort();
            Client.Dispose();
        }
    }
}
