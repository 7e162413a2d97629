using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// Per-message JSON Schema validation on a real WsGate with real backends: what validates is relayed, what does not is
/// dropped (its sender told the failing path) or closes the connection with 1007 or 1008, in either direction and per
/// route, and every failure is counted on /metrics.
/// </summary>
public sealed class MessageSchemaTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly object Order = new
    {
        type = "object",
        required = new[] { "symbol", "price" },
        properties = new { symbol = new { type = "string" }, price = new { type = "number" } },
    };

    private TestServer Server => fixture.Server;

    [Fact]
    public async Task ClientMessage_Valid_IsRelayed()
    {
        await Server.PublishApiAsync("schema_valid", "/schema-valid", [fixture.Backend.Url("/echo")], new { messageSchema = new { clientToBackend = Order } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/schema-valid"));

        Assert.Equal("""{"symbol":"ACME","price":12.5}""", await socket.EchoAsync("""{"symbol":"ACME","price":12.5}"""));
        await socket.SendBinaryAsync([1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, (await socket.ReceiveMessageAsync()).Data);
    }

    [Fact]
    public async Task ClientMessage_Invalid_DroppedWithAnErrorNamingThePathAndNeverReachesTheBackend()
    {
        await Server.PublishApiAsync("schema_drop", "/schema-drop", [fixture.Backend.Url("/echo")], new { messageSchema = new { clientToBackend = Order } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/schema-drop"));

        await socket.SendTextAsync("""{"symbol":"ACME","price":"cheap"}""");
        var error = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;
        await socket.SendTextAsync("not json");
        var notJson = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;

        // The echo backend answers everything it gets: the next answer is the valid message's, so the others never reached it.
        Assert.Equal("""{"symbol":"ACME","price":1}""", await socket.EchoAsync("""{"symbol":"ACME","price":1}"""));
        Assert.Equal("message does not match the schema", error.GetProperty("error").GetString());
        Assert.Equal("/price", error.GetProperty("path").GetString());
        Assert.Equal("clientToBackend", error.GetProperty("direction").GetString());
        Assert.Equal("", notJson.GetProperty("path").GetString());
        Assert.StartsWith("is not JSON", notJson.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task ClientMessage_DroppedForItsSchema_TriggersNoMessageRule()
    {
        await Server.PublishApiAsync("schema_rule", "/schema-rule", [fixture.Backend.Url("/echo")], new { messageSchema = new { clientToBackend = Order } });
        using (var created = await Server.PostJsonAsync("/api/v1/rules", new
        {
            id = "schema_rule_reply",
            trigger = new { api = "schema_rule" },
            actions = new[] { new { type = "reply", body = "rule saw: {{message}}" } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/schema-rule"));

        await socket.SendTextAsync("""{"symbol":"DROP","price":"cheap"}""");
        var received = new List<string> { await socket.ReceiveTextAsync() };
        await socket.SendTextAsync("""{"symbol":"PASS","price":1}""");

        // Rules run in the order their messages came: the valid message's reply comes after any the dropped one had made.
        // The backend's echo and the rule's reply race each other, so both are awaited.
        while (!received.Contains("""{"symbol":"PASS","price":1}""")
            || !received.Any(r => r.StartsWith("rule saw:", StringComparison.Ordinal) && r.Contains("PASS", StringComparison.Ordinal)))
        {
            received.Add(await socket.ReceiveTextAsync());
        }

        Assert.Equal("message does not match the schema", JsonDocument.Parse(received[0]).RootElement.GetProperty("error").GetString());
        Assert.Contains("""{"symbol":"PASS","price":1}""", received);
        Assert.DoesNotContain(received, r => r.Contains("DROP", StringComparison.Ordinal) && r.StartsWith("rule saw:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("close1007", WebSocketCloseStatus.InvalidPayloadData)]
    [InlineData("close1008", WebSocketCloseStatus.PolicyViolation)]
    public async Task ClientMessage_InvalidWithCloseAction_ClosesWithItsCode(string action, WebSocketCloseStatus expected)
    {
        var id = "schema_" + action;
        await using var backend = await TestBackend.StartAsync("closing");
        await Server.PublishApiAsync(id, "/" + id.Replace('_', '-'), [backend.Url("/echo")], new { messageSchema = new { clientToBackend = Order, onFailure = action } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/" + id.Replace('_', '-')));

        await socket.SendTextAsync("""{"symbol":42,"price":1}""");
        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(expected, close.CloseStatus);
        Assert.Contains("/symbol", close.CloseDescription, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => backend.ClosesReceived.Any(c => c.Status == WebSocketCloseStatus.EndpointUnavailable), because: "the backend is told the client is gone");
    }

    [Fact]
    public async Task BackendMessage_Invalid_DroppedAndTheBackendGetsTheError()
    {
        // The backend announces its name (not JSON); objects pass. The echo backend sends the error it gets back, which passes.
        await Server.PublishApiAsync("schema_down", "/schema-down", [fixture.Backend.Url("/name")], new { messageSchema = new { backendToClient = new { type = "object" } } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/schema-down"));

        var first = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;

        Assert.Equal("backendToClient", first.GetProperty("direction").GetString());
        Assert.Equal("message does not match the schema", first.GetProperty("error").GetString());
        Assert.Equal("""{"n":1}""", await socket.EchoAsync("""{"n":1}"""));
    }

    [Fact]
    public async Task BackendMessage_InvalidWithClose1008_ClientClosedWith1008()
    {
        await Server.PublishApiAsync("schema_down_close", "/schema-down-close", [fixture.Backend.Url("/name")], new { messageSchema = new { backendToClient = new { type = "object" }, onFailure = "close1008" } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/schema-down-close"));

        var close = await socket.ReceiveCloseAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
    }

    [Fact]
    public async Task Routes_OwnSchema_CheckedPerRoute()
    {
        await using var alpha = await TestBackend.StartAsync("alpha");
        await using var beta = await TestBackend.StartAsync("beta");
        await Server.PublishApiAsync("schema_routed", "/schema-routed", [], new
        {
            routing = new
            {
                expression = "$.action",
                routes = new Dictionary<string, object>
                {
                    ["a"] = new { urls = new[] { alpha.Url("/echo").ToString() }, messageSchema = new { clientToBackend = new { properties = new { n = new { type = "integer" } } } } },
                    ["b"] = beta.Url("/echo").ToString(),
                },
            },
        });
        using var client = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/schema-routed"));

        await client.SendTextAsync("""{"action":"a","n":"x"}""");
        var error = JsonDocument.Parse(await client.ReceiveTextAsync()).RootElement;
        Assert.Equal("/n", error.GetProperty("path").GetString());
        Assert.Equal("a", error.GetProperty("route").GetString());

        Assert.Equal("""{"action":"b","n":"x"}""", await client.EchoAsync("""{"action":"b","n":"x"}"""));
        Assert.Equal("""{"action":"a","n":2}""", await client.EchoAsync("""{"action":"a","n":2}"""));
    }

    [Fact]
    public async Task Failures_CountedOnMetricsPerApiRouteAndDirection()
    {
        await Server.PublishApiAsync("schema_metrics", "/schema-metrics", [fixture.Backend.Url("/echo")], new { messageSchema = new { clientToBackend = Order } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/schema-metrics"));
        for (var i = 0; i < 3; i++)
        {
            await socket.SendTextAsync("""{"symbol":"ACME"}""");
            await socket.ReceiveTextAsync();
        }

        using var response = await Server.Admin.GetAsync("/metrics");
        var families = PrometheusFormat.Parse(await response.Content.ReadAsStringAsync());

        var sample = families["wsgate_messages_schema_failures_total"].Samples.Single(s => s.Labels["api"] == "schema_metrics");
        Assert.Equal(3, sample.Value);
        Assert.Equal("clientToBackend", sample.Labels["direction"]);
        Assert.Equal("dropped", sample.Labels["action"]);
        Assert.Equal("", sample.Labels["route"]);
        Assert.Equal("counter", families["wsgate_messages_schema_failures_total"].Type);
    }

    [Fact]
    public async Task Handshake_ClientOffersDeflate_NotNegotiatedWhenASchemaIsSet()
    {
        await Server.PublishApiAsync("schema_deflate", "/schema-deflate", [fixture.Backend.Url("/echo")], new { messageSchema = new { clientToBackend = Order } });
        using var socket = await WebSocketTestExtensions.ConnectAsync(Server.ListenerUri("default", "/schema-deflate"), o =>
        {
            o.CollectHttpResponseDetails = true;
            o.DangerousDeflateOptions = new WebSocketDeflateOptions();
        });

        Assert.False(socket.HttpResponseHeaders!.ContainsKey("Sec-WebSocket-Extensions"));
        Assert.Equal("""{"symbol":"A","price":2}""", await socket.EchoAsync("""{"symbol":"A","price":2}"""));
    }

    [Fact]
    public async Task Schema_OnStreamApi_RefusedAtItsPath()
    {
        using var response = await Server.PostJsonAsync("/api/v1/apis", new
        {
            id = "schema_stream",
            name = "stream",
            context = "/schema-stream",
            version = "v1",
            listeners = new[] { "default" },
            relayMode = "stream",
            endpoints = new { production = new { urls = new[] { fixture.Backend.Url("/echo").ToString() } } },
            messageSchema = new { clientToBackend = Order },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("relayMode frames", errors.GetProperty("messageSchema")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_Invalid_RefusedAtItsDirectionWithTheLibrarysMessage()
    {
        using var response = await Server.PostJsonAsync("/api/v1/apis", new
        {
            id = "schema_bad",
            name = "bad",
            context = "/schema-bad",
            version = "v1",
            listeners = new[] { "default" },
            endpoints = new { production = new { urls = new[] { fixture.Backend.Url("/echo").ToString() } } },
            messageSchema = new { clientToBackend = new { type = "strnig" }, backendToClient = new { minLength = -1 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("not a valid JSON Schema", errors.GetProperty("messageSchema.clientToBackend")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not a valid JSON Schema", errors.GetProperty("messageSchema.backendToClient")[0].GetString(), StringComparison.Ordinal);
    }
}
