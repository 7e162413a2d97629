using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Outbound;

public sealed class RuleTests(OutboundFixture fixture) : IClassFixture<OutboundFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task ClientMessage_JsonPropertyMatch_PublishedToChannel()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "alerts_src", url = remote.Url().ToString() });
        await Server.CreateAsync("rules", new
        {
            id = "alerts_to_channel",
            trigger = new { type = "message", client = "alerts_src", match = new { property = "$.type", value = "alert" } },
            actions = new[] { new { type = "publish", channel = "alerts", body = """{"text": "{{$.text}}", "from": "{{sourceId}}"}""" } },
        });
        await Server.WaitForClientAsync("alerts_src", "open");
        using var subscriber = await SubscribeAsync("alerts");

        await remote.SendToAllAsync("""{"type":"info","text":"ignored"}""");
        await remote.SendToAllAsync("""{"type":"alert","text":"disk full"}""");

        var data = JsonDocument.Parse(await subscriber.ReceiveTextAsync()).RootElement.GetProperty("data");
        Assert.Equal("disk full", data.GetProperty("text").GetString());
        Assert.Equal("alerts_src", data.GetProperty("from").GetString());
    }

    [Fact]
    public async Task EndpointMessage_ContainsMatch_RepliedOnSameConnection()
    {
        await Server.CreateAsync("rules", new
        {
            id = "echo_reply",
            trigger = new { endpoint = "/echo", match = new { contains = "hello-rule", regex = "^hello-rule [0-9]+$" } },
            actions = new[] { new { type = "reply", body = "rule saw: {{message}}" } },
        });
        using var client = await WebSocketTestExtensions.ConnectAsync(Server.EchoUri);

        await client.SendTextAsync("hello-rule 42");

        var received = new[] { await client.ReceiveTextAsync(), await client.ReceiveTextAsync() };
        Assert.Contains("hello-rule 42", received);
        Assert.Contains("rule saw: hello-rule 42", received);
    }

    [Fact]
    public async Task ApiMessage_Webhook_ReceivedByLocalHttpServer()
    {
        await using var backend = await TestBackend.StartAsync("hooked");
        await Server.PublishApiAsync("hooked_api", "/hooked", [backend.Url("/")]);
        var path = "/hook/api-" + Guid.NewGuid().ToString("N");
        await Server.CreateAsync("rules", new
        {
            id = "api_webhook",
            trigger = new { api = "hooked_api" },
            actions = new object[]
            {
                new
                {
                    type = "webhook",
                    url = fixture.Webhooks.Url(path).ToString(),
                    body = """{"message": {{messageJson}}, "connection": "{{connectionId}}", "kind": "{{$.kind}}"}""",
                    contentType = "application/json",
                    headers = new Dictionary<string, string> { ["X-Rule"] = "{{rule}}" },
                },
            },
        });
        using var client = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/hooked"));

        await client.SendTextAsync("""{"kind":"order","n":1}""");

        Assert.Equal("""{"kind":"order","n":1}""", await client.ReceiveTextAsync());
        WebhookReceiver.Received hook = null!;
        await Eventually.TrueAsync(() => (hook = fixture.Webhooks.Requests.FirstOrDefault(r => r.Path == path)!) is not null, because: "the webhook");
        Assert.Equal("POST", hook.Method);
        Assert.Equal("api_webhook", hook.Headers["X-Rule"]);
        Assert.StartsWith("application/json", hook.Headers["Content-Type"]);
        var body = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal("""{"kind":"order","n":1}""", body.GetProperty("message").GetString());
        Assert.Equal("order", body.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("connection").GetString()));
    }

    [Fact]
    public async Task Webhook_ReceiverFailsTwice_RetriedUntilAccepted()
    {
        var path = "/hook/retry-" + Guid.NewGuid().ToString("N");
        await Server.CreateAsync("rules", new
        {
            id = "retrying_hook",
            trigger = new { channel = "retry_feed" },
            actions = new[] { new { type = "webhook", url = fixture.Webhooks.Url(path).ToString(), retries = 3 } },
        });

        fixture.Webhooks.FailNext(2);
        using var response = await Server.PostJsonAsync("/api/v1/channels/retry_feed/publish", new { data = "ping" });

        await Eventually.TrueAsync(() => fixture.Webhooks.Requests.Count(r => r.Path == path) == 3, TimeSpan.FromSeconds(20), "three attempts");
        Assert.All(fixture.Webhooks.Requests.Where(r => r.Path == path), r => Assert.Equal("ping", r.Body));
        Assert.Equal(0, (await Server.GetJsonAsync("/api/v1/rules/retrying_hook")).GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task ChannelMessage_SendToClient_ReachesRemoteServer()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "orders_out", url = remote.Url().ToString() });
        await Server.CreateAsync("rules", new
        {
            id = "orders_forward",
            trigger = new { channel = "orders" },
            actions = new[] { new { type = "send", client = "orders_out", body = "order {{$.id}} for {{$.customer}}" } },
        });
        await Server.WaitForClientAsync("orders_out", "open");

        using var response = await Server.PostJsonAsync("/api/v1/channels/orders/publish", new { data = new { id = 7, customer = "ada" } });

        await Eventually.TrueAsync(() => remote.Messages.Contains("order 7 for ada"), because: "the forwarded order");
    }

    [Fact]
    public async Task OpenedAndClosed_OnEndpoint_EachFireTheirRule()
    {
        await Server.CreateAsync("rules", new
        {
            id = "presence_open",
            trigger = new { type = "opened", endpoint = "/echo", listener = "default" },
            actions = new[] { new { type = "publish", channel = "presence", body = "open" } },
        });
        await Server.CreateAsync("rules", new
        {
            id = "presence_close",
            trigger = new { type = "closed", endpoint = "/echo" },
            actions = new[] { new { type = "publish", channel = "presence", body = "closed {{closeStatus}}" } },
        });
        using var watcher = await SubscribeAsync("presence");

        using (var client = await WebSocketTestExtensions.ConnectAsync(Server.EchoUri))
        {
            Assert.Equal("open", Data(await watcher.ReceiveTextAsync()));
            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        Assert.Equal("closed 1000", Data(await watcher.ReceiveTextAsync()));
    }

    [Fact]
    public async Task OpenedAndClosed_OnClient_FireWithTheReason()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "watched", url = remote.Url().ToString(), active = false });
        await Server.CreateAsync("rules", new
        {
            id = "watched_up",
            trigger = new { type = "opened", client = "watched" },
            actions = new object[] { new { type = "publish", channel = "watched_state", body = "up {{sourceId}}" }, new { type = "reply", body = "hello server" } },
        });
        await Server.CreateAsync("rules", new
        {
            id = "watched_down",
            trigger = new { type = "closed", client = "watched" },
            actions = new[] { new { type = "publish", channel = "watched_state", body = "down {{closeStatus}} {{closeReason}}" } },
        });
        using var watcher = await SubscribeAsync("watched_state");

        (await Server.Admin.PostAsync("/api/v1/clients/watched/connect", null)).Dispose();
        Assert.Equal("up watched", Data(await watcher.ReceiveTextAsync()));
        await Eventually.TrueAsync(() => remote.Messages.Contains("hello server"), because: "the reply on the opened client");

        (await Server.Admin.PostAsync("/api/v1/clients/watched/disconnect", null)).Dispose();
        Assert.Equal("down 1000 client stopped", Data(await watcher.ReceiveTextAsync()));
    }

    [Fact]
    public async Task HttpRequestOnListenerPath_RuleRespondsAndPublishes()
    {
        await Server.CreateAsync("rules", new
        {
            id = "deploy_hook",
            trigger = new { type = "httpRequest", listener = "default", path = "/hooks/deploy", method = "POST" },
            actions = new object[]
            {
                new { type = "publish", channel = "deploys", body = "{{http.body}}" },
                new { type = "respond", status = 202, body = "queued {{$.version}} by {{http.query.who}}", headers = new Dictionary<string, string> { ["X-Rule"] = "{{rule}}" } },
            },
        });
        using var watcher = await SubscribeAsync("deploys");
        using var http = new HttpClient();
        var url = new UriBuilder(Server.ListenerUri("default", "/hooks/deploy")) { Scheme = "http", Query = "who=ci" }.Uri;

        using var requestBody = new StringContent("""{"version":"1.2"}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(url, requestBody);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("queued 1.2 by ci", await response.Content.ReadAsStringAsync());
        Assert.Equal("deploy_hook", response.Headers.GetValues("X-Rule").Single());
        Assert.Equal("1.2", JsonDocument.Parse(await watcher.ReceiveTextAsync()).RootElement.GetProperty("data").GetProperty("version").GetString());

        // Another method on the same path is not claimed: the listener's HTTP fallback answers it.
        using var get = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CloseAction_ClosesOriginatingConnectionWithCode()
    {
        await Server.CreateAsync("rules", new
        {
            id = "kick",
            trigger = new { endpoint = "/echo", match = new { contains = "kick me" } },
            actions = new object[] { new { type = "log", body = "kicking {{connectionId}}" }, new { type = "close", closeCode = 4000, reason = "kicked" } },
        });
        using var client = await WebSocketTestExtensions.ConnectAsync(Server.EchoUri);

        await client.SendTextAsync("please kick me");

        var close = await client.ReceiveCloseAsync();
        Assert.Equal((WebSocketCloseStatus)4000, close.CloseStatus);
        Assert.Equal("kicked", close.CloseDescription);
        Assert.Contains(Server.Logs.Lines, l => l.EventId.Id == 1702 && l.Message.Contains("kicking", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailingRule_LoggedAndCounted_RelayAndOtherRulesGoOn()
    {
        await Server.CreateAsync("clients", new { id = "never_up", host = "127.0.0.1", port = FreePort.Find(), active = false });
        await Server.CreateAsync("rules", new
        {
            id = "broken_send",
            trigger = new { endpoint = "/echo", match = new { contains = "isolation" } },
            actions = new[] { new { type = "send", client = "never_up" } },
        });
        await Server.CreateAsync("rules", new
        {
            id = "still_works",
            trigger = new { endpoint = "/echo", match = new { contains = "isolation" } },
            actions = new[] { new { type = "reply", body = "second rule ran" } },
        });
        using var client = await WebSocketTestExtensions.ConnectAsync(Server.EchoUri);

        await client.SendTextAsync("isolation test");

        var received = new[] { await client.ReceiveTextAsync(), await client.ReceiveTextAsync() };
        Assert.Contains("isolation test", received);
        Assert.Contains("second rule ran", received);
        var broken = await Server.GetJsonAsync("/api/v1/rules/broken_send");
        Assert.Equal(1, broken.GetProperty("failed").GetInt64());
        Assert.Contains("never_up", broken.GetProperty("lastError").GetString());
        Assert.Contains(Server.Logs.Lines, l => l.EventId.Id == 1700 && l.Message.Contains("broken_send", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bridge_ClientAndChannel_WiredBothWays()
    {
        await using var remote = RawWebSocketServer.Start();
        await Server.CreateAsync("clients", new { id = "bridged", url = remote.Url().ToString() });
        await Server.CreateAsync("bridges", new { id = "ticker_bridge", client = "bridged", channel = "ticker" });
        await Server.WaitForClientAsync("bridged", "open");
        using var subscriber = await SubscribeAsync("ticker");

        await remote.SendToAllAsync("""{"price":12}""");
        Assert.Equal(12, JsonDocument.Parse(await subscriber.ReceiveTextAsync()).RootElement.GetProperty("data").GetProperty("price").GetInt32());

        using var response = await Server.PostJsonAsync("/api/v1/channels/ticker/publish", new { data = "to the server" });
        await Eventually.TrueAsync(() => remote.Messages.Contains("to the server"), because: "the channel message at the server");
        var bridge = await Server.GetJsonAsync("/api/v1/bridges/ticker_bridge");
        Assert.True(bridge.GetProperty("carried").GetInt64() >= 2);
    }

    [Fact]
    public async Task Create_BadInput_RefusedNamingTheField()
    {
        Assert.Equal(["trigger.match.regex"], await Server.RefusedFieldsAsync("rules", new
        {
            id = "bad_regex",
            trigger = new { endpoint = "/echo", match = new { regex = "([unclosed" } },
            actions = new[] { new { type = "log" } },
        }));
        Assert.Equal(["actions[0].body"], await Server.RefusedFieldsAsync("rules", new
        {
            id = "bad_template",
            trigger = new { endpoint = "/echo" },
            actions = new[] { new { type = "log", body = "hello {{nosuchfield}}" } },
        }));
        Assert.Equal(["trigger.client"], await Server.RefusedFieldsAsync("rules", new
        {
            id = "bad_client",
            trigger = new { client = "ghost" },
            actions = new[] { new { type = "log" } },
        }));
        Assert.Equal(["actions[0].type"], await Server.RefusedFieldsAsync("rules", new
        {
            id = "bad_respond",
            trigger = new { endpoint = "/echo" },
            actions = new[] { new { type = "respond" } },
        }));
    }

    private async Task<ClientWebSocket> SubscribeAsync(string channel)
    {
        var socket = await WebSocketTestExtensions.ConnectAsync(Server.ChannelUri);
        await socket.SubscribeAsync(channel);
        return socket;
    }

    private static string? Data(string message) => JsonDocument.Parse(message).RootElement.GetProperty("data").GetString();
}
