using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

public sealed class ApiRelayTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _backend = await TestBackend.StartAsync("primary");
        await _server.PublishApiAsync("chat", "/chat", [_backend.Url("/echo")]);
        await _server.PublishApiAsync("probe", "/probe", [_backend.Url("/headers")], new { policies = new { forwardHeaders = new[] { "X-Tenant" } } });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Relay_TextAndBinary_EchoedThroughGateway()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/chat/v1"));

        await socket.SendTextAsync("via gateway");
        var text = await socket.ReceiveTextAsync();
        await socket.SendBinaryAsync([1, 2, 3]);
        var binary = await socket.ReceiveMessageAsync();

        Assert.Equal("via gateway", text);
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.Data);
    }

    [Fact]
    public async Task Relay_DefaultVersionPath_ServedAtContext()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/chat"));

        await socket.SendTextAsync("default version");

        Assert.Equal("default version", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Relay_FragmentedLargeMessage_ArrivesWhole()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/chat/v1"));
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        for (var offset = 0; offset < data.Length; offset += 100_000)
        {
            var count = Math.Min(100_000, data.Length - offset);
            await socket.SendAsync(data.AsMemory(offset, count), WebSocketMessageType.Binary, offset + count == data.Length, CancellationToken.None);
        }

        var echoed = await socket.ReceiveMessageAsync();
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(echoed.Data));
    }

    [Fact]
    public async Task Close_ClientCode4001_ReachesBackendAndComesBack()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/chat/v1"));
        await socket.SendTextAsync("hi");
        await socket.ReceiveTextAsync();

        await socket.CloseAsync((WebSocketCloseStatus)4001, "client says bye", CancellationToken.None);

        Assert.Equal((WebSocketCloseStatus)4001, socket.CloseStatus);
        Assert.Equal("client says bye", socket.CloseStatusDescription);
        await Eventually.TrueAsync(() => _backend.ClosesReceived.Any(c => c.Status == (WebSocketCloseStatus)4001 && c.Reason == "client says bye"));
    }

    [Fact]
    public async Task Close_BackendCode4002_ReachesClient()
    {
        await _server.PublishApiAsync("closer", "/closer", [new Uri(_backend.BaseUri, "/close-with?code=4002&reason=backend%20done")]);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/closer/v1"));

        var close = await socket.ReceiveCloseAsync();

        Assert.Equal((WebSocketCloseStatus)4002, close.CloseStatus);
        Assert.Equal("backend done", close.CloseDescription);
    }

    [Fact]
    public async Task Handshake_SubProtocols_OfferedToBackendAndChoiceReturned()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/probe/v1"), o =>
        {
            o.AddSubProtocol("chat.v1");
            o.AddSubProtocol("chat.v2");
        });

        var seen = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;

        Assert.Equal("chat.v2", socket.SubProtocol);
        Assert.Equal("chat.v2", seen.GetProperty("subProtocol").GetString());
        Assert.Contains("chat.v1", seen.GetProperty("headers").GetProperty("Sec-WebSocket-Protocol").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_PathQueryAndHeaders_ForwardedWithXForwarded()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/probe/v1/rooms/5?user=ann&x=1"), o =>
        {
            o.SetRequestHeader("X-Tenant", "acme");
            o.SetRequestHeader("X-Secret", "not forwarded");
        });

        var seen = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;
        var headers = seen.GetProperty("headers");

        Assert.Equal("/headers/rooms/5", seen.GetProperty("path").GetString());
        Assert.Equal("?user=ann&x=1", seen.GetProperty("query").GetString());
        Assert.Equal("acme", headers.GetProperty("X-Tenant").GetString());
        Assert.False(headers.TryGetProperty("X-Secret", out _));
        Assert.Equal("127.0.0.1", headers.GetProperty("X-Forwarded-For").GetString());
        Assert.Equal("http", headers.GetProperty("X-Forwarded-Proto").GetString());
        Assert.Equal(_server.ListenerUri().Authority, headers.GetProperty("X-Forwarded-Host").GetString());
    }

    [Fact]
    public async Task Connections_ProxiedConnection_ListedWithApiEnvironmentAndCounters()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/chat/v1"));
        await socket.SendTextAsync("abc");
        await socket.ReceiveTextAsync();

        var connection = Assert.Single((await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray());

        Assert.Equal("api", connection.GetProperty("kind").GetString());
        Assert.Equal("chat", connection.GetProperty("api").GetString());
        Assert.Equal("production", connection.GetProperty("environment").GetString());
        Assert.Equal(_backend.Url("/echo").ToString(), connection.GetProperty("backend").GetString());
        Assert.Equal("frames", connection.GetProperty("relayMode").GetString());
        Assert.Equal(1, connection.GetProperty("messagesIn").GetInt64());
        Assert.Equal(3, connection.GetProperty("bytesIn").GetInt64());
        Assert.Equal(1, connection.GetProperty("messagesOut").GetInt64());
        Assert.Equal(3, connection.GetProperty("bytesOut").GetInt64());
    }

    [Fact]
    public async Task ServerPush_ToProxiedConnection_ArrivesBetweenRelayedMessages()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/chat/v1"));
        await socket.SendTextAsync("first");
        await socket.ReceiveTextAsync();
        var id = (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray().Single().GetProperty("id").GetString();

        using var pushed = await _server.PostJsonAsync($"/api/v1/connections/{id}/send", new { text = "from operator" });

        Assert.Equal("from operator", await socket.ReceiveTextAsync());
    }
}
