using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Outbound;

public sealed class ContentRoutingTests(OutboundFixture fixture) : IClassFixture<OutboundFixture>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task RouteByAction_TwoBackends_EachMessageReachesItsBackendAndAnswersReturn()
    {
        await using var alpha = await TestBackend.StartAsync("alpha");
        await using var beta = await TestBackend.StartAsync("beta");
        await Server.PublishApiAsync("routed", "/routed", [], new
        {
            routing = new
            {
                expression = "$.action",
                routes = new Dictionary<string, object> { ["a"] = alpha.Url("/name").ToString(), ["b"] = new { urls = new[] { beta.Url("/name").ToString() } } },
            },
        });
        using var client = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/routed"));

        await client.SendTextAsync("""{"action":"a","n":1}""");
        Assert.Equal("alpha", await client.ReceiveTextAsync());
        Assert.Equal("""{"action":"a","n":1}""", await client.ReceiveTextAsync());

        await client.SendTextAsync("""{"action":"b","n":2}""");
        Assert.Equal("beta", await client.ReceiveTextAsync());
        Assert.Equal("""{"action":"b","n":2}""", await client.ReceiveTextAsync());

        // The route's connection is kept: a second message to alpha is not announced again.
        await client.SendTextAsync("""{"action":"a","n":3}""");
        Assert.Equal("""{"action":"a","n":3}""", await client.ReceiveTextAsync());
        Assert.Single(alpha.Handshakes);
        Assert.Single(beta.Handshakes);

        // No route and no default: a JSON error, and the connection stays open.
        await client.SendTextAsync("""{"action":"zzz"}""");
        var error = JsonDocument.Parse(await client.ReceiveTextAsync()).RootElement;
        Assert.Equal("no route for this message", error.GetProperty("error").GetString());
        await client.SendTextAsync("""{"action":"b","n":4}""");
        Assert.Equal("""{"action":"b","n":4}""", await client.ReceiveTextAsync());

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await Eventually.TrueAsync(() => alpha.ClosesReceived.Count == 1 && beta.ClosesReceived.Count == 1, because: "both routes closed");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, alpha.ClosesReceived.Single().Status);
    }

    [Fact]
    public async Task DefaultRoute_TakesMessagesWithoutTheProperty()
    {
        await using var main = await TestBackend.StartAsync("main");
        await using var fallback = await TestBackend.StartAsync("fallback");
        await Server.PublishApiAsync("routed_default", "/routed-default", [], new
        {
            routing = new
            {
                expression = "$.action",
                routes = new Dictionary<string, object> { ["main"] = main.Url("/name").ToString() },
                @default = fallback.Url("/name").ToString(),
            },
        });
        using var client = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/routed-default"));

        await client.SendTextAsync("not json at all");
        Assert.Equal("fallback", await client.ReceiveTextAsync());
        Assert.Equal("not json at all", await client.ReceiveTextAsync());
        await client.SendTextAsync("""{"action":"main"}""");
        Assert.Equal("main", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task Routing_BadInput_RefusedNamingTheField()
    {
        using var response = await Server.PostJsonAsync("/api/v1/apis", new
        {
            id = "bad_routing",
            name = "bad",
            context = "/bad-routing",
            version = "v1",
            listeners = new[] { "default" },
            routing = new { expression = "action", routes = new Dictionary<string, object> { ["a"] = "ftp://nowhere" } },
        });
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("routing.expression", out _));
        Assert.True(errors.TryGetProperty("routing.routes.a", out _));
    }
}
