using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.FunctionalTests.Channels;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Admin;

public sealed class ServerPushTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PublishApi_ChannelWithSubscribers_DeliversToAll()
    {
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < 5; i++)
        {
            var socket = await WebSocketTestExtensions.ConnectAsync(_server.ChannelUri);
            await socket.SubscribeAsync("alerts");
            sockets.Add(socket);
        }

        using var response = await _server.PostJsonAsync("/api/v1/channels/alerts/publish", new { data = new { level = "high", n = 1 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(5, body.GetProperty("delivered").GetInt32());
        foreach (var socket in sockets)
        {
            var message = ChannelTests.Parse(await socket.ReceiveTextAsync());
            Assert.Equal("high", message.GetProperty("data").GetProperty("level").GetString());
            socket.Dispose();
        }
    }

    [Fact]
    public async Task PublishApi_InvalidChannelOrMissingData_Returns400NamingField()
    {
        using var badName = await _server.PostJsonAsync("/api/v1/channels/bad%20name/publish", new { data = 1 });
        using var noData = await _server.PostJsonAsync("/api/v1/channels/ok/publish", new { });

        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.True(JsonDocument.Parse(await badName.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noData.StatusCode);
        Assert.True(JsonDocument.Parse(await noData.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("data", out _));
    }

    [Fact]
    public async Task ConnectionsApi_LiveConnection_ListedWithCounters()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        await socket.SendTextAsync("12345");
        await socket.ReceiveTextAsync();

        var list = await _server.GetJsonAsync("/api/v1/connections?listener=default");

        var connection = Assert.Single(list.EnumerateArray());
        Assert.Equal("default", connection.GetProperty("listener").GetString());
        Assert.Equal("/echo", connection.GetProperty("endpoint").GetString());
        Assert.StartsWith("127.0.0.1:", connection.GetProperty("remoteAddress").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, connection.GetProperty("messagesIn").GetInt64());
        Assert.Equal(5, connection.GetProperty("bytesIn").GetInt64());
        Assert.Equal(1, connection.GetProperty("messagesOut").GetInt64());
        Assert.Equal(5, connection.GetProperty("bytesOut").GetInt64());
        Assert.True(connection.TryGetProperty("connectedAt", out _));
    }

    [Fact]
    public async Task SendApi_TextAndBinary_ReachOnlyThatConnection()
    {
        using var target = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        using var other = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        await target.SendTextAsync("who");
        await target.ReceiveTextAsync();
        var id = await IdOfConnectionWithMessagesAsync(1);

        using var text = await _server.PostJsonAsync($"/api/v1/connections/{id}/send", new { text = "pushed" });
        using var binary = await _server.PostJsonAsync($"/api/v1/connections/{id}/send", new { base64 = Convert.ToBase64String([9, 8, 7]) });

        Assert.Equal(HttpStatusCode.Accepted, text.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, binary.StatusCode);
        Assert.Equal("pushed", await target.ReceiveTextAsync());
        var bytes = await target.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, bytes.Type);
        Assert.Equal(new byte[] { 9, 8, 7 }, bytes.Data);
        await other.SendTextAsync("still mine");
        Assert.Equal("still mine", await other.ReceiveTextAsync());
    }

    [Fact]
    public async Task CloseApi_CodeAndReason_ReachClient()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        await socket.SendTextAsync("x");
        await socket.ReceiveTextAsync();
        var id = await IdOfConnectionWithMessagesAsync(1);

        using var response = await _server.PostJsonAsync($"/api/v1/connections/{id}/close", new { code = 4001, reason = "kicked by operator" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var close = await socket.ReceiveCloseAsync();
        Assert.Equal((WebSocketCloseStatus)4001, close.CloseStatus);
        Assert.Equal("kicked by operator", close.CloseDescription);
        await Eventually.TrueAsync(async () => (await _server.GetJsonAsync("/api/v1/connections")).GetArrayLength() == 0);
    }

    [Theory]
    [InlineData(1005)]
    [InlineData(999)]
    [InlineData(5000)]
    public async Task CloseApi_InvalidCode_Returns400NamingCode(int code)
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.EchoUri);
        await socket.SendTextAsync("x");
        await socket.ReceiveTextAsync();
        var id = await IdOfConnectionWithMessagesAsync(1);

        using var response = await _server.PostJsonAsync($"/api/v1/connections/{id}/close", new { code });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("code", out _));
    }

    [Fact]
    public async Task ConnectionsApi_UnknownId_Returns404()
    {
        using var response = await _server.PostJsonAsync("/api/v1/connections/nope/send", new { text = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> IdOfConnectionWithMessagesAsync(long messagesIn)
    {
        var list = await _server.GetJsonAsync("/api/v1/connections");
        return list.EnumerateArray().Single(c => c.GetProperty("messagesIn").GetInt64() == messagesIn).GetProperty("id").GetString()!;
    }
}
