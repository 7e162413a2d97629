using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

public sealed class ApiFailureTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _backend = await TestBackend.StartAsync("primary");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Handshake_BackendRefusesConnection_Returns502BeforeUpgrade()
    {
        var closedPort = FreePort.Find();
        await _server.PublishApiAsync("down", "/down", [new Uri($"ws://127.0.0.1:{closedPort}/ws")]);

        var (status, body) = await HandshakeAsync("/down/v1");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("connection refused", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_BackendAnswers403_Returns502NamingTheStatus()
    {
        await _server.PublishApiAsync("refusing", "/refusing", [_backend.Url("/reject")]);

        var (status, body) = await HandshakeAsync("/refusing/v1");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("HTTP 403", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_BackendNeverAnswers_Returns502AfterConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await _server.PublishApiAsync("silent", "/silent", [new Uri($"ws://127.0.0.1:{port}/")], new { connectTimeoutMs = 300 });

        var (status, body) = await HandshakeAsync("/silent/v1");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("timeout", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_BackendLost_ClientClosedWith1011()
    {
        await _server.PublishApiAsync("flaky", "/flaky", [_backend.Url("/drop-on-second")]);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/flaky/v1"));

        await socket.SendTextAsync("one");
        Assert.Equal("one", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("two");
        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.InternalServerError, close.CloseStatus);
        Assert.Equal("backend connection lost", close.CloseDescription);
        Assert.Contains(_server.Logs.Lines, l => l.EventId.Id == 1203);
    }

    [Fact]
    public async Task Relay_BackendSendsInvalidFrame_ClientClosedWith1014()
    {
        await _server.PublishApiAsync("broken", "/broken", [_backend.Url("/garbage")]);
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/broken/v1"));

        var close = await socket.ReceiveCloseAsync();

        Assert.Equal((WebSocketCloseStatus)1014, close.CloseStatus);
        Assert.Equal("backend sent an invalid frame", close.CloseDescription);
    }

    [Fact]
    public async Task Relay_BackendLostWithReconnectEnabled_ClientStaysOpenOnOtherEndpoint()
    {
        await using var standby = await TestBackend.StartAsync("standby");
        await _server.PublishApiAsync(
            "stateless",
            "/stateless",
            [_backend.Url("/drop-on-second"), standby.Url("/echo")],
            new { reconnectOnBackendLoss = true, endpoints = new { production = new { urls = new[] { _backend.Url("/drop-on-second").ToString(), standby.Url("/echo").ToString() }, strategy = "failover" } } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/stateless/v1"));

        await socket.SendTextAsync("one");
        Assert.Equal("one", await socket.ReceiveTextAsync());

        // "two" is in flight when the backend drops; it is lost with that backend (at most once), the client is not.
        await socket.SendTextAsync("two");
        await Eventually.TrueAsync(async () =>
            (await _server.GetJsonAsync("/api/v1/connections")).EnumerateArray().Single().GetProperty("backend").GetString() == standby.Url("/echo").ToString());
        await socket.SendTextAsync("three");

        Assert.Equal("three", await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Contains(_server.Logs.Lines, l => l.EventId.Id == 1204);
    }

    [Fact]
    public async Task Handshake_FirstEndpointDown_FailoverUsesNext()
    {
        var closedPort = FreePort.Find();
        await _server.PublishApiAsync(
            "ha",
            "/ha",
            [],
            new { endpoints = new { production = new { urls = new[] { $"ws://127.0.0.1:{closedPort}/", _backend.Url("/name").ToString() }, strategy = "failover" } } });

        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/ha/v1"));

        Assert.Equal("primary", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Handshake_RoundRobin_SpreadsOverEndpoints()
    {
        await using var second = await TestBackend.StartAsync("second");
        await _server.PublishApiAsync("rr", "/rr", [_backend.Url("/name"), second.Url("/name")]);
        var names = new List<string>();

        for (var i = 0; i < 4; i++)
        {
            using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/rr/v1"));
            names.Add(await socket.ReceiveTextAsync());
        }

        Assert.Equal(2, names.Count(n => n == "primary"));
        Assert.Equal(2, names.Count(n => n == "second"));
    }

    [Fact]
    public async Task TestAction_ReachableAndUnreachableEndpoints_ReportsEach()
    {
        var closedPort = FreePort.Find();
        await _server.PublishApiAsync("tested", "/tested", [_backend.Url("/echo")], sandbox: [new Uri($"ws://127.0.0.1:{closedPort}/")]);

        using var response = await _server.PostJsonAsync("/api/v1/apis/tested/test", new { });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("ok").GetBoolean());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        var production = results.Single(r => r.GetProperty("environment").GetString() == "production");
        var sandbox = results.Single(r => r.GetProperty("environment").GetString() == "sandbox");
        Assert.True(production.GetProperty("ok").GetBoolean());
        Assert.Equal(101, production.GetProperty("httpStatus").GetInt32());
        Assert.False(sandbox.GetProperty("ok").GetBoolean());
        Assert.Equal("connection refused", sandbox.GetProperty("error").GetString());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> HandshakeAsync(string path)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(_server.ListenerUri("default", path)) { Scheme = "http" }.Uri);
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        using var response = await client.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
