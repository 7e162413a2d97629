using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using WsGate.FunctionalTests.Identity;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>
/// A listener's worker limits over real sockets. A handshake is held inside its work slot by forward authentication to a
/// session endpoint that never answers (<c>session=slow</c>), so the listener is at its limit for as long as the test wants.
/// </summary>
public sealed class WorkerLimitsTests
{
    private static JsonObject Limited(string id, int maxConcurrent, int queueLimit, Uri? forwardTo = null)
    {
        var listener = EchoListener(id);
        listener["workers"] = new JsonObject { ["maxConcurrent"] = maxConcurrent, ["queueLimit"] = queueLimit, ["priority"] = 7 };
        if (forwardTo is not null)
        {
            listener["authentication"] = new JsonObject
            {
                ["modes"] = new JsonArray("forward"),
                ["forward"] = new JsonObject { ["url"] = forwardTo.ToString(), ["timeoutMs"] = 60_000 },
            };
        }

        return listener;
    }

    /// <summary>Starts a handshake whose forward authentication never answers, and waits until it holds the listener's work slot.</summary>
    private static async Task<(ClientWebSocket Socket, Task Connecting, CancellationTokenSource Cancel)> HoldSlotAsync(TestServer server, string id)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", "session=slow");
        var cancel = new CancellationTokenSource();
        var connecting = socket.ConnectAsync(server.ListenerUri(id, "/echo"), cancel.Token);
        await WaitUntilAsync(async () => Workers(await GetAsync(server, id)).GetProperty("inUse").GetInt32() == 1, "the held handshake takes the work slot");
        return (socket, connecting, cancel);
    }

    private static JsonElement Workers(JsonElement view) => view.GetProperty("workers");

    private static async Task<HttpResponseMessage> UpgradeAsync(HttpClient http, Uri uri, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(uri) { Scheme = "http" }.Uri);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        request.Headers.Add("Cookie", "session=" + session);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Upgrade_WhileTheOnlyWorkerIsBusyAndNoQueue_503NamingTheWorkerLimit()
    {
        await using var server = await TestServer.StartAsync();
        await using var session = await SessionEndpoint.StartAsync();
        await CreateAsync(server, Limited("pinned", maxConcurrent: 1, queueLimit: 0, session.Url));
        var (held, connecting, cancel) = await HoldSlotAsync(server, "pinned");
        using var _ = held;
        using var __ = cancel;

        using var http = new HttpClient();
        using var response = await UpgradeAsync(http, server.ListenerUri("pinned", "/echo"), "good-second");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains("listener 'pinned' is at its worker limit", detail, StringComparison.Ordinal);
        Assert.Contains("workers.maxConcurrent", detail, StringComparison.Ordinal);
        Assert.Equal(0, session.CallsWith("good-second"));
        var workers = Workers(await GetAsync(server, "pinned"));
        Assert.Equal(1, workers.GetProperty("refused").GetInt64());
        Assert.Equal(1, workers.GetProperty("maxConcurrent").GetInt32());

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => connecting);
        await WaitUntilAsync(async () => Workers(await GetAsync(server, "pinned")).GetProperty("inUse").GetInt32() == 0, "the abandoned handshake gives its slot back");
    }

    [Fact]
    public async Task Upgrade_LimitRaisedWhileBusy_NextHandshakeAdmittedWithoutRestart()
    {
        await using var server = await TestServer.StartAsync();
        await using var session = await SessionEndpoint.StartAsync();
        var listener = Limited("pinned", maxConcurrent: 1, queueLimit: 0, session.Url);
        await CreateAsync(server, listener);
        var (held, connecting, cancel) = await HoldSlotAsync(server, "pinned");
        using var _ = held;
        using var __ = cancel;
        var uri = server.ListenerUri("pinned", "/echo");

        listener["workers"]!["maxConcurrent"] = 2;
        var view = await UpdateAsync(server, listener);
        using var socket = await WebSocketTestExtensions.ConnectAsync(uri, o => o.SetRequestHeader("Cookie", "session=good-raised"));

        Assert.Equal(uri.Port, new Uri(view.GetProperty("boundAddresses")[0].GetString()!).Port);
        Assert.Equal("after the change", await socket.EchoAsync("after the change"));
        Assert.Equal(1, Workers(await GetAsync(server, "pinned")).GetProperty("inUse").GetInt32());
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => connecting);
    }

    [Fact]
    public async Task Echo_ManyMessagesOnTwoConnectionsWithOneWorker_AllEchoedInOrder()
    {
        await using var server = await TestServer.StartAsync();
        await CreateAsync(server, Limited("narrow", maxConcurrent: 1, queueLimit: 4));
        var uri = server.ListenerUri("narrow", "/echo");
        using var first = await WebSocketTestExtensions.ConnectAsync(uri);
        using var second = await WebSocketTestExtensions.ConnectAsync(uri);

        async Task RunAsync(ClientWebSocket socket, string name)
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.Equal($"{name}-{i}", await socket.EchoAsync($"{name}-{i}"));
            }
        }

        await Task.WhenAll(RunAsync(first, "a"), RunAsync(second, "b"));

        var workers = Workers(await GetAsync(server, "narrow"));
        Assert.Equal(0, workers.GetProperty("inUse").GetInt32());
        Assert.Equal(0, workers.GetProperty("queued").GetInt32());
        Assert.Equal(0, workers.GetProperty("refused").GetInt64());
    }

    [Fact]
    public async Task Echo_ClientStallsInsideAMessageWithOneWorker_OtherConnectionStillEchoed()
    {
        await using var server = await TestServer.StartAsync();
        await CreateAsync(server, Limited("narrow", maxConcurrent: 1, queueLimit: 4));
        var uri = server.ListenerUri("narrow", "/echo");
        using var stalled = await WebSocketTestExtensions.ConnectAsync(uri);
        using var other = await WebSocketTestExtensions.ConnectAsync(uri);
        using var timeout = new CancellationTokenSource(WebSocketTestExtensions.DefaultTimeout);

        // The first fragment comes back at once; the rest of the message is not sent until the other connection is served.
        await stalled.SendAsync("first "u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
        var buffer = new byte[64];
        var fragment = await stalled.ReceiveAsync(buffer, timeout.Token);
        Assert.False(fragment.EndOfMessage);
        Assert.Equal("first ", System.Text.Encoding.UTF8.GetString(buffer, 0, fragment.Count));

        Assert.Equal("served meanwhile", await other.EchoAsync("served meanwhile"));
        await WaitUntilAsync(async () => Workers(await GetAsync(server, "narrow")).GetProperty("inUse").GetInt32() == 0, "the stalled message holds no slot");

        await stalled.SendAsync("last"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var rest = await stalled.ReceiveMessageAsync();
        Assert.Equal("last", rest.Text);
    }

    [Fact]
    public async Task Channel_WithOneWorker_PublishReachesSubscriber()
    {
        await using var server = await TestServer.StartAsync();
        var listener = Limited("narrow", maxConcurrent: 1, queueLimit: 0);
        listener["endpoints"] = new JsonArray(new JsonObject { ["path"] = "/channel", ["kind"] = "channel" });
        await CreateAsync(server, listener);
        var uri = server.ListenerUri("narrow", "/channel");
        using var subscriber = await WebSocketTestExtensions.ConnectAsync(uri);
        using var publisher = await WebSocketTestExtensions.ConnectAsync(uri);

        Assert.Contains("subscribed", await subscriber.EchoAsync("""{"type":"subscribe","channel":"news"}"""), StringComparison.Ordinal);
        Assert.Contains("published", await publisher.EchoAsync("""{"type":"publish","channel":"news","data":"hello"}"""), StringComparison.Ordinal);

        Assert.Contains("hello", await subscriber.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListenerView_NoWorkerLimits_WorkersNullAndConfigDefaults()
    {
        await using var server = await TestServer.StartAsync();

        var view = await CreateAsync(server, EchoListener("open"));

        // Null members are left out of admin API answers: no live workers object on a listener without limits.
        Assert.False(view.TryGetProperty("workers", out _));
        var config = view.GetProperty("config").GetProperty("workers");
        Assert.Equal(0, config.GetProperty("maxConcurrent").GetInt32());
        Assert.Equal(0, config.GetProperty("queueLimit").GetInt32());
        Assert.Equal(5, config.GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task Create_QueueWithoutMaxConcurrent_KeptAndIgnored()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("open");
        listener["workers"] = new JsonObject { ["queueLimit"] = 10 };

        var view = await CreateAsync(server, listener);

        Assert.False(view.TryGetProperty("workers", out _));
        Assert.Equal(10, view.GetProperty("config").GetProperty("workers").GetProperty("queueLimit").GetInt32());
        using var socket = await WebSocketTestExtensions.ConnectAsync(server.ListenerUri("open", "/echo"));
        Assert.Equal("unlimited", await socket.EchoAsync("unlimited"));
    }

    [Fact]
    public async Task Update_MaxConcurrentZeroWithTheQueueLimitKept_LimitsOff()
    {
        // What `wsgate listeners workers ID --max-concurrent 0` sends: the stored queueLimit stays in the document.
        await using var server = await TestServer.StartAsync();
        var listener = Limited("narrow", maxConcurrent: 1, queueLimit: 5);
        await CreateAsync(server, listener);

        listener["workers"]!["maxConcurrent"] = 0;
        var view = await UpdateAsync(server, listener);

        Assert.False(view.TryGetProperty("workers", out _));
        Assert.Equal(5, view.GetProperty("config").GetProperty("workers").GetProperty("queueLimit").GetInt32());
    }
}
