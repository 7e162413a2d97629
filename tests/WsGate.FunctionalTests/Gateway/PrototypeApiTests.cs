using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// A prototyped API answers from its mock replies (rules on the API) without a backend, says so when nothing matches,
/// and relays to its backend for connections opened once it is published.
/// </summary>
public sealed class PrototypeApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly TestServer _server = fixture.Server;
    private readonly TestBackend _backend = fixture.Backend;

    [Fact]
    public async Task Prototyped_MessagesMatchingMockReplies_AnsweredWithoutABackend()
    {
        await PrototypeAsync("proto_replies", "/proto-replies");
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/proto-replies/v1"));

        var greeting = await socket.ReceiveTextAsync();
        var pong = await socket.EchoAsync("{\"type\":\"ping\",\"id\":\"7\"}");
        var hello = await socket.EchoAsync("hello there");

        Assert.Equal("{\"type\":\"welcome\"}", greeting);
        Assert.Equal("{\"type\":\"pong\",\"id\":\"7\"}", pong);
        Assert.Equal("mock heard: hello there", hello);
    }

    [Fact]
    public async Task Prototyped_UnmatchedMessage_AnsweredWithNoMockReplyError()
    {
        await PrototypeAsync("proto_unmatched", "/proto-unmatched");
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/proto-unmatched/v1"));
        await socket.ReceiveTextAsync();

        var answer = JsonDocument.Parse(await socket.EchoAsync("{\"type\":\"order\"}")).RootElement;
        var next = await socket.EchoAsync("{\"type\":\"ping\",\"id\":\"8\"}");

        Assert.Equal("no mock reply matches this message", answer.GetProperty("error").GetString());
        Assert.Equal("proto_unmatched", answer.GetProperty("api").GetString());
        Assert.Equal("{\"type\":\"pong\",\"id\":\"8\"}", next);
    }

    [Fact]
    public async Task Prototyped_Connection_ListedCountedAndClosedCleanly()
    {
        await PrototypeAsync("proto_listed", "/proto-listed");
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/proto-listed/v1"));
        await socket.ReceiveTextAsync();
        await socket.EchoAsync("hello");

        var connection = Assert.Single(await _server.ConnectionsOfAsync("proto_listed", 1));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        Assert.Equal("prototype", connection.GetProperty("kind").GetString());
        Assert.Equal("prototype", connection.GetProperty("relayMode").GetString());
        Assert.Equal("mock:proto_listed", connection.GetProperty("backend").GetString());
        Assert.Equal(1, connection.GetProperty("messagesIn").GetInt64());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        await _server.ConnectionsOfAsync("proto_listed", 0);
    }

    [Fact]
    public async Task Published_AfterPrototype_NewConnectionsRelayToTheBackend()
    {
        await PrototypeAsync("proto_publish", "/proto-publish");
        using var prototype = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/proto-publish/v1"));
        await prototype.ReceiveTextAsync();

        var api = (await _server.GetJsonAsync("/api/v1/apis/proto_publish")).GetProperty("config");
        var withBackend = JsonSerializer.Deserialize<Dictionary<string, object?>>(api.GetRawText())!;
        withBackend["endpoints"] = new { production = new { urls = new[] { _backend.Url("/echo").ToString() } } };
        withBackend["lifecycle"] = "published";
        using (var saved = await _server.PutJsonAsync("/api/v1/apis/proto_publish", withBackend))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        using var published = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/proto-publish/v1"));

        Assert.Equal("{\"type\":\"ping\",\"id\":\"9\"}", await published.EchoAsync("{\"type\":\"ping\",\"id\":\"9\"}"));
        Assert.Equal("{\"type\":\"pong\",\"id\":\"1\"}", await prototype.EchoAsync("{\"type\":\"ping\",\"id\":\"1\"}"));
    }

    [Fact]
    public async Task Lifecycle_PublishPrototypeWithoutEndpoints_Refused400AndStaysPrototyped()
    {
        await PrototypeAsync("proto_refused", "/proto-refused");

        using var response = await _server.PostJsonAsync("/api/v1/apis/proto_refused/lifecycle", new { state = "published" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("endpoints.production.urls", out _), errors.ToString());
        Assert.Equal("prototyped", (await _server.GetJsonAsync("/api/v1/apis/proto_refused")).GetProperty("config").GetProperty("lifecycle").GetString());
    }

    private Task PrototypeAsync(string id, string context) => _server.PublishApiAsync(id, context, [], new
    {
        lifecycle = "prototyped",
        mock = new
        {
            greeting = "{\"type\":\"welcome\"}",
            replies = new object[]
            {
                new { match = new { property = "$.type", value = "ping" }, reply = "{\"type\":\"pong\",\"id\":\"{{$.id}}\"}" },
                new { match = new { regex = "^hello" }, reply = "mock heard: {{message}}" },
            },
        },
    });
}
