using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>A listener at its max connections refuses further handshakes with 503, Retry-After and a problem body.</summary>
public sealed class MaxConnectionsTests
{
    [Fact]
    public async Task Connect_OverMaxConnections_Gets503WithRetryAfter()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("capped");
        listener["maxConnections"] = 2;
        await CreateAsync(server, listener);
        var uri = server.ListenerUri("capped", "/echo");
        using var first = await WebSocketTestExtensions.ConnectAsync(uri);
        using var second = await WebSocketTestExtensions.ConnectAsync(uri);

        using var third = new ClientWebSocket();
        third.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(uri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.HttpStatusCode);
        Assert.NotNull(third.HttpResponseHeaders);
        Assert.True(third.HttpResponseHeaders.TryGetValue("Retry-After", out var retryAfter), "no Retry-After header");
        Assert.True(int.Parse(retryAfter.Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await AssertEchoesAsync(first, "first still works");
        Assert.Equal(1, Counter(await GetAsync(server, "capped"), "rejectedOverCapacity"));
    }

    [Fact]
    public async Task Upgrade_OverMaxConnections_AnswersProblemJson()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("capped");
        listener["maxConnections"] = 2;
        await CreateAsync(server, listener);
        var uri = server.ListenerUri("capped", "/echo");
        using var first = await WebSocketTestExtensions.ConnectAsync(uri);
        using var second = await WebSocketTestExtensions.ConnectAsync(uri);

        // A plain HTTP client asking for the upgrade sees the whole refusal, body included.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(uri) { Scheme = "http" }.Uri);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("2 connections", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_AfterOneCloses_IsAccepted()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("capped");
        listener["maxConnections"] = 2;
        await CreateAsync(server, listener);
        var uri = server.ListenerUri("capped", "/echo");
        using var first = await WebSocketTestExtensions.ConnectAsync(uri);
        using var second = await WebSocketTestExtensions.ConnectAsync(uri);
        await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestExtensions.ConnectAsync(uri));

        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        // The slot is released once the server has finished the close handshake.
        await WaitUntilAsync(async () => (await GetAsync(server, "capped")).GetProperty("activeConnections").GetInt32() == 1, "a slot is free");
        using var third = await WebSocketTestExtensions.ConnectAsync(uri);
        await AssertEchoesAsync(third, "third");
        await AssertEchoesAsync(second, "second");
    }
}
